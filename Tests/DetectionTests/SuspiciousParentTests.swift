import Testing

@testable import Detection

@Test func suspiciousParent_raisesOneStep_withReason_onlyForListedParents() {
    let parents = SuspiciousParent(images: ["WINWORD.EXE", "regsvr32.exe"])
    var finding = Finding(rule: "suspicious_process", severity: .medium, techniques: [], summary: "", reasons: [])

    #expect(!parents.raise(&finding, parentImage: "explorer.exe"))
    #expect(!parents.raise(&finding, parentImage: nil))
    #expect(finding.severity == .medium)

    #expect(parents.raise(&finding, parentImage: "winword.exe"))
    #expect(finding.severity == .high)
    #expect(finding.reasons == ["started by winword.exe, a parent that rarely starts networked programs"])

    var critical = Finding(rule: "beaconing", severity: .critical, techniques: [], summary: "", reasons: [])
    parents.raise(&critical, parentImage: "regsvr32.exe")
    #expect(critical.severity == .critical)
}
