#if canImport(Glibc)
import Glibc
#endif

/// Checks intel files before they are loaded, so a missing file is reported as missing input
/// (exit 66) apart from a file whose contents are wrong (exit 65).
package enum IntelFiles {
    package static func checkReadable(_ files: [String]) throws(StageSetupError) {
        for file in files where access(file, R_OK) != 0 {
            let reason = String(cString: strerror(errno))
            throw StageSetupError("detection.threat_intel.files: \(file): \(reason)", exitCode: .noInput)
        }
    }
}
