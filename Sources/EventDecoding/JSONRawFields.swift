/// The values a JSON event gives its fields, kept as byte ranges into the scanned buffer until
/// the event id says which ones the normalizer reads: only those become strings. A 5156 then
/// makes no string of its provider or collector time, and an event wfpwatch skips makes one.
///
/// The store is a fixed block of ranges with no references, so it costs no allocation and no
/// reference counting; it must not outlive the buffer it points into.
struct JSONRawFields {
    /// One range per `FieldName` case (a test checks that the counts match).
    typealias Storage = InlineArray<29, JSONLayoutReader.RawString?>

    private var values = Storage(repeating: nil)

    subscript(_ name: FieldName) -> JSONLayoutReader.RawString? {
        values[name.rawValue]
    }

    /// Keeps `value` for `name` unless a value came first: the first spelling wins.
    mutating func setIfAbsent(_ name: FieldName, _ value: JSONLayoutReader.RawString) {
        if values[name.rawValue] == nil { values[name.rawValue] = value }
    }

    /// The kept value of `name` as a string (escapes decoded). Inlined, as `materialize` is: a
    /// call took its own copy of the whole block of ranges (near 700 bytes).
    @inline(__always)
    func string(_ name: FieldName) -> String? {
        values[name.rawValue].map { JSONText.string($0.raw, needsUnescape: $0.escaped) }
    }

    /// Makes strings of the kept values of `names` (escapes decoded) in `fields`, where unset.
    /// It changes nothing here; `mutating` has the caller's block read where it lies, where a
    /// non-mutating call on the extractor's variable took a copy of it first.
    @inline(__always)
    mutating func materialize(_ names: [FieldName], into fields: inout EventFields) {
        // Read through a span: subscripting the inline array in the loop copied all of it each time.
        let kept = values.span
        for name in names {
            guard let value = kept[name.rawValue], fields[name] == nil else { continue }
            fields[name] = JSONText.string(value.raw, needsUnescape: value.escaped)
        }
    }
}
