/// Compares process images as different records spell them: a 5156 writes the device path
/// (`\device\harddiskvolume2\windows\...`, which the decoder turns into `\windows\...`), a 4688
/// or Sysmon record the drive path (`C:\Windows\...`). Comparisons fold ASCII case and
/// allocate nothing, since they run once per connection.
package enum ImagePath {
    /// Whether two records can describe the same process: their image names agree when both
    /// are known, and their paths agree without the drive when both are full paths.
    package static func sameProcess(image: String, path: String, asImage otherImage: String, path otherPath: String)
        -> Bool
    {
        if !image.isEmpty && !otherImage.isEmpty && !equalFoldingCase(image.utf8[...], otherImage.utf8[...]) {
            return false
        }
        guard isFullPath(path), isFullPath(otherPath) else { return true }
        return equalFoldingCase(withoutDrive(path), withoutDrive(otherPath))
    }

    /// `C:\...` (or any drive letter).
    package static func hasDrive(_ path: String) -> Bool {
        let bytes = path.utf8
        guard bytes.count >= 3 else { return false }
        let second = bytes[bytes.index(after: bytes.startIndex)]
        let third = bytes[bytes.index(bytes.startIndex, offsetBy: 2)]
        return second == UInt8(ascii: ":") && third == UInt8(ascii: "\\")
    }

    private static func isFullPath(_ path: String) -> Bool {
        hasDrive(path) || path.utf8.first == UInt8(ascii: "\\")
    }

    private static func withoutDrive(_ path: String) -> Substring.UTF8View {
        let bytes = path.utf8[...]
        return hasDrive(path) ? bytes.dropFirst(2) : bytes
    }

    private static func equalFoldingCase(_ first: Substring.UTF8View, _ second: Substring.UTF8View) -> Bool {
        guard first.count == second.count else { return false }
        for (left, right) in zip(first, second) where folded(left) != folded(right) {
            return false
        }
        return true
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
