/// Raises a finding when the process that connected was started by a parent that rarely
/// starts networked children for good reasons: an Office application, a script host, a
/// signed-binary proxy, a web or database server. Such a chain (Word → PowerShell, Tomcat →
/// PowerShell) is how most intrusions begin.
public struct SuspiciousParent: Sendable {
    private let images: Set<String>

    public init(images: [String]) {
        self.images = Set(images.map { $0.lowercased() })
    }

    /// Raises `finding` one step (capped at critical) with a reason when `parentImage` is on the
    /// list; returns whether it did.
    @discardableResult
    public func raise(_ finding: inout Finding, parentImage: String?) -> Bool {
        guard let parentImage, images.contains(parentImage) else { return false }
        let raised = Severity(rawValue: min(finding.severity.rawValue + 1, Severity.critical.rawValue)) ?? .critical
        finding.reasons.append("started by \(parentImage), a parent that rarely starts networked programs")
        finding.severity = raised
        return true
    }
}
