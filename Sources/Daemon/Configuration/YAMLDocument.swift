import CYaml

/// A scalar as written in the file, with the line it starts on (1-based).
package struct YAMLScalar: Equatable, Sendable {
    package var text: String
    /// Written without quotes or block style; only plain scalars are read as numbers, booleans
    /// or null, so `port: "514"` stays a string.
    package var isPlain: Bool
    package var line: Int

    /// `~`, `null` or nothing at all, written plain.
    package var isNull: Bool { isPlain && (text.isEmpty || text == "~" || text == "null" || text == "Null") }
}

/// A YAML value tree that keeps the order of mapping keys and the line of every key and value.
package indirect enum YAMLNode: Equatable, Sendable {
    case scalar(YAMLScalar)
    case mapping([(key: YAMLScalar, value: YAMLNode)], line: Int)
    case sequence([YAMLNode], line: Int)

    package var line: Int {
        switch self {
        case .scalar(let scalar): scalar.line
        case .mapping(_, let line), .sequence(_, let line): line
        }
    }

    package static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.sequence(let a, let lineA), .sequence(let b, let lineB)): a == b && lineA == lineB
        case (.mapping(let a, let lineA), .mapping(let b, let lineB)):
            lineA == lineB && a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

/// A syntax error libyaml reported, or a construct the reader does not accept.
package struct YAMLSyntaxError: Error, Equatable {
    package var line: Int
    package var message: String
}

/// Reads one YAML document with libyaml's event parser. Anchors and aliases are resolved;
/// a mapping key must be a scalar. An empty document reads as an empty mapping.
package enum YAMLDocument {
    package static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLSyntaxError(line: 1, message: "the YAML parser could not be initialized")
        }
        defer { yaml_parser_delete(&parser) }

        let bytes = Array(text.utf8)
        let result: Result<YAMLNode, YAMLSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = YAMLTreeBuilder()
            return Result { () throws(YAMLSyntaxError) in try builder.run(&parser) }
        }
        return try result.get()
    }
}

/// Turns the parser's event stream into a `YAMLNode`.
private struct YAMLTreeBuilder {
    private enum Open {
        case mapping(entries: [(key: YAMLScalar, value: YAMLNode)], line: Int, anchor: String?, key: YAMLScalar?)
        case sequence(items: [YAMLNode], line: Int, anchor: String?)
    }

    private var stack: [Open] = []
    private var anchors: [String: YAMLNode] = [:]
    private var document: YAMLNode?

    mutating func run(_ parser: inout yaml_parser_t) throws(YAMLSyntaxError) -> YAMLNode {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.error(of: parser) }
            defer { yaml_event_delete(&event) }

            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return document ?? .mapping([], line: 1)
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
                let scalar = YAMLScalar(text: text, isPlain: data.style == YAML_PLAIN_SCALAR_STYLE, line: line)
                try complete(.scalar(scalar), anchor: Self.string(data.anchor))
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let node = anchors[name] else {
                    throw YAMLSyntaxError(line: line, message: "alias *\(name) names no anchor")
                }
                try complete(node, anchor: nil)
            case YAML_MAPPING_START_EVENT:
                let anchor = Self.string(event.data.mapping_start.anchor)
                stack.append(.mapping(entries: [], line: line, anchor: anchor, key: nil))
            case YAML_SEQUENCE_START_EVENT:
                stack.append(.sequence(items: [], line: line, anchor: Self.string(event.data.sequence_start.anchor)))
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                try closeCollection()
            default:
                continue
            }
        }
    }

    private mutating func closeCollection() throws(YAMLSyntaxError) {
        switch stack.removeLast() {
        case .mapping(let entries, let line, let anchor, _):
            try complete(.mapping(entries, line: line), anchor: anchor)
        case .sequence(let items, let line, let anchor):
            try complete(.sequence(items, line: line), anchor: anchor)
        }
    }

    /// Adds a finished node to the collection that holds it, or makes it the document.
    private mutating func complete(_ node: YAMLNode, anchor: String?) throws(YAMLSyntaxError) {
        if let anchor { anchors[anchor] = node }
        guard let top = stack.popLast() else {
            document = node
            return
        }
        switch consume top {
        case .sequence(var items, let line, let anchor):
            items.append(node)
            stack.append(.sequence(items: items, line: line, anchor: anchor))
        case .mapping(var entries, let line, let anchor, let key):
            if let key {
                entries.append((key, node))
                stack.append(.mapping(entries: entries, line: line, anchor: anchor, key: nil))
            } else if case .scalar(let scalar) = node {
                stack.append(.mapping(entries: entries, line: line, anchor: anchor, key: scalar))
            } else {
                throw YAMLSyntaxError(line: node.line, message: "a mapping key must be a plain value, not a list or map")
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private static func error(of parser: yaml_parser_t) -> YAMLSyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        let context = parser.context.map { String(cString: $0) }
        let message = context.map { "\(problem) (\($0))" } ?? problem
        return YAMLSyntaxError(line: Int(parser.problem_mark.line) + 1, message: message)
    }
}
