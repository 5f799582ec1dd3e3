/// Strings (host names, process images, destination names) mapped to small integers, so that
/// per-key state holds two or three `UInt32` instead of `String`s.
///
/// One table per engine; ids are dense from 0 and never reused. The table only grows: hosts and
/// images are few in practice, but a flood of unique names would grow it without bound.
// A bounded table would need reference counts from the keys that use each id, so that an id
// could be freed when its last key is evicted; add that when names (DNS join) are wired in.
package struct InternTable: Sendable {
    private var ids: [String: UInt32] = [:]
    private var strings: [String] = []

    package init() {}

    package var count: Int { strings.count }

    /// The id of `string`, assigned on first sight.
    package mutating func id(for string: String) -> UInt32 {
        if let id = ids[string] { return id }
        let id = UInt32(strings.count)
        ids[string] = id
        strings.append(string)
        return id
    }

    /// The id of `string` if it was seen before, without assigning one.
    package func existingID(for string: String) -> UInt32? {
        ids[string]
    }

    package func string(for id: UInt32) -> String {
        strings[Int(id)]
    }
}
