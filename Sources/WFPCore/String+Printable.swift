extension String {
    /// The string with every C0 control character, DEL and Unicode direction control (U+200E,
    /// U+200F, U+202A-U+202E, U+2066-U+2069) replaced by `?`. Names taken from events never
    /// legitimately hold them, and kept they would forge extra lines or reorder text in the
    /// journal, a terminal or a chat message.
    public var replacingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { Self.isControl($0) ? "?" : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
