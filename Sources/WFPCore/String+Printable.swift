extension String {
    /// The string with every C0 control character and DEL replaced by `?`. Names taken from
    /// events never legitimately hold them, and kept they would forge extra lines in the
    /// journal, a terminal or a chat message.
    public var replacingControlCharacters: String {
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
