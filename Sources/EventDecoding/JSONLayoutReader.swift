/// The scan-time state of `JSONEventExtractor`: known fields and the members read later
/// (Message, a string EventData) kept as byte ranges, layout markers noted.
struct JSONLayoutReader {
    struct RawString {
        var raw: UnsafeRawBufferPointer
        var escaped: Bool
    }

    var fields = JSONRawFields()
    var sawWinlog = false
    var sawAzureType = false
    var sawNXLogField = false
    var sawExecutionProcessID = false
    /// The top-level `ProcessID`, whose meaning depends on the layout (see `processIDIsWriter`).
    var topLevelProcessID: RawString?
    var topLevelProcessIDIsNumber = false
    var eventDataString: RawString?
    var message: RawString?

    var format: PayloadFormat {
        if sawAzureType { return .azureLogAnalytics }
        if sawWinlog { return .ecsJSON }
        return sawNXLogField ? .nxlogJSON : .flatJSON
    }

    /// NXLog writes its own process fields as JSON numbers (EventData values are strings); the
    /// CE layout has no `ExecutionProcessID`, so its `ProcessID` is the writer, not the event's.
    var processIDIsWriter: Bool {
        topLevelProcessIDIsNumber || (sawNXLogField && !sawExecutionProcessID)
    }

    /// Handles one member; returns true to walk into an object value.
    mutating func visit(_ member: JSONMember) -> Bool {
        guard !member.keyNeedsUnescape else { return false }
        if member.depth == 1 { return visitTopLevel(member) }

        let parent = member.parentKey
        if member.depth == 2 && JSONKeys.equal(parent, "winlog") {
            if member.kind == .object {
                return JSONKeys.equal(member.key, "event_data") || JSONKeys.equal(member.key, "user_data")
            }
            JSONLayoutReader.keepField(member, into: &fields)
        } else if JSONKeys.equal(parent, "event_data") || JSONKeys.equal(parent, "EventData")
            || JSONKeys.equal(parent, "user_data")
        {
            JSONLayoutReader.keepField(member, into: &fields)
        }
        return false
    }

    private mutating func visitTopLevel(_ member: JSONMember) -> Bool {
        let key = member.key
        switch member.kind {
        case .object:
            if JSONKeys.equal(key, "winlog") {
                sawWinlog = true
                return true
            }
            return JSONKeys.equal(key, "EventData")
        case .array, .null:
            return false
        case .string, .number, .bool:
            break
        }

        if JSONKeys.equal(key, "EventData") {
            eventDataString = RawString(raw: member.value, escaped: member.valueNeedsUnescape)
        } else if JSONKeys.equal(key, "Message") {
            message = RawString(raw: member.value, escaped: member.valueNeedsUnescape)
        } else if let name = FieldName(key: key) {
            guard name == .processID else {
                JSONLayoutReader.keepField(member, name: name, into: &fields)
                return false
            }
            topLevelProcessID = RawString(raw: member.value, escaped: member.valueNeedsUnescape)
            topLevelProcessIDIsNumber = member.kind == .number
        } else {
            noteMarker(member)
        }
        return false
    }

    private mutating func noteMarker(_ member: JSONMember) {
        let key = member.key
        // Most keys are none of these: their length alone says so, without a comparison.
        switch key.count {
        case 4:
            guard JSONKeys.equal(key, "Type") else { return }
            sawAzureType = JSONKeys.equal(member.value, "SecurityEvent") || JSONKeys.equal(member.value, "WindowsEvent")
        case 18:
            guard JSONKeys.equal(key, "ExecutionProcessID") else { return }
            sawExecutionProcessID = true
            sawNXLogField = true
        case 16, 17:
            // Any one of these marks NXLog; once one did, the others need no comparison.
            guard !sawNXLogField else { return }
            if JSONKeys.equal(key, "EventReceivedTime") || JSONKeys.equal(key, "SourceModuleType")
                || JSONKeys.equal(key, "SourceModuleName")
            {
                sawNXLogField = true
            }
        default:
            return
        }
    }

    /// Keeps a scalar member's value under its field, if it names one; the first spelling wins.
    static func keepField(_ member: JSONMember, into fields: inout JSONRawFields) {
        guard !member.keyNeedsUnescape, let name = FieldName(key: member.key) else { return }
        keepField(member, name: name, into: &fields)
    }

    /// `keepField` for a member whose key the caller has already looked up as `name`.
    static func keepField(_ member: JSONMember, name: FieldName, into fields: inout JSONRawFields) {
        guard member.kind != .object, member.kind != .array, member.kind != .null else { return }
        fields.setIfAbsent(name, RawString(raw: member.value, escaped: member.valueNeedsUnescape))
    }

    /// Stores a scalar member under its field, if it names one; the first spelling wins.
    static func setField(_ member: JSONMember, into fields: inout EventFields) {
        guard !member.keyNeedsUnescape, let name = FieldName(key: member.key) else { return }
        setField(member, name: name, into: &fields)
    }

    /// `setField` for a member whose key the caller has already looked up as `name`.
    static func setField(_ member: JSONMember, name: FieldName, into fields: inout EventFields) {
        guard member.kind != .object, member.kind != .array, member.kind != .null, fields[name] == nil else { return }
        fields[name] = JSONText.string(member.value, needsUnescape: member.valueNeedsUnescape)
    }
}

/// Byte comparisons of JSON keys against the few names layouts are recognized by.
enum JSONKeys {
    /// ASCII case-insensitive equality of `bytes` and `literal`.
    static func equal(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard bytes.count == length else { return false }
        let text = literal.utf8Start
        for index in 0..<length where folded(bytes[index]) != folded(text[index]) {
            return false
        }
        return true
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
