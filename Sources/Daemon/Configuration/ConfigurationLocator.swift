/// Finds where a key sits in a configuration file, for checks made after the file was read
/// (a path `serve` could not write): the line of the key, or of the deepest enclosing key the
/// file has when the value at fault is a default.
package enum ConfigurationLocator {
    /// The line of `keyPath` (`alerts.webhooks[0].dead_letter`) in the YAML `text`; nil when
    /// the text does not parse or holds none of the path.
    package static func line(of keyPath: String, in text: String) -> Int? {
        guard var node = try? YAMLDocument.parse(text) else { return nil }
        var line: Int?
        for step in steps(keyPath) {
            switch (step, node) {
            case (.key(let name), .mapping(let entries, _)):
                guard let entry = entries.last(where: { $0.key.text == name }) else { return line }
                line = entry.key.line
                node = entry.value
            case (.index(let index), .sequence(let items, _)):
                guard items.indices.contains(index) else { return line }
                line = items[index].line
                node = items[index]
            default:
                return line
            }
        }
        return line
    }

    private enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    /// `a.b[2].c` → key a, key b, index 2, key c.
    private static func steps(_ keyPath: String) -> [Step] {
        var steps: [Step] = []
        for part in keyPath.split(separator: ".") {
            var rest = part[...]
            if let open = rest.firstIndex(of: "[") {
                steps.append(.key(String(rest[..<open])))
                rest = rest[open...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) { steps.append(.index(index)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                steps.append(.key(String(rest)))
            }
        }
        return steps
    }
}
