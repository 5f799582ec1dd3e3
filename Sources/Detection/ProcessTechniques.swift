/// ATT&CK techniques for processes that reach the network when they should not.
package enum ProcessTechniques {
    /// Running something from a user-writable or odd folder (User Execution: Malicious File).
    package static let oddFolder = "T1204.002"
    /// A system binary's name outside its home folder (Masquerading: Match Legitimate Name).
    package static let masquerading = "T1036.005"

    /// The technique a watched image stands for; signed-binary proxy execution (T1218) when
    /// no sub-technique names it.
    package static func technique(forImage image: String) -> String {
        byImage[image] ?? "T1218"
    }

    /// Names of Windows binaries whose home is `\windows\`; seen elsewhere they mimic one.
    package static let systemImages: Set<String> = [
        "svchost.exe", "lsass.exe", "csrss.exe", "services.exe", "winlogon.exe", "smss.exe",
        "explorer.exe", "spoolsv.exe", "taskhostw.exe", "conhost.exe", "dllhost.exe", "wininit.exe",
        "powershell.exe", "cmd.exe", "rundll32.exe", "regsvr32.exe", "mshta.exe", "certutil.exe",
        "msiexec.exe", "wmiprvse.exe", "wscript.exe", "cscript.exe",
    ]

    private static let byImage: [String: String] = [
        "powershell.exe": "T1059.001", "pwsh.exe": "T1059.001", "powershell_ise.exe": "T1059.001",
        "cmd.exe": "T1059.003",
        "wscript.exe": "T1059.005", "cscript.exe": "T1059.005",
        "rundll32.exe": "T1218.011",
        "regsvr32.exe": "T1218.010",
        "mshta.exe": "T1218.005",
        "msiexec.exe": "T1218.007",
        "installutil.exe": "T1218.004",
        "regasm.exe": "T1218.009", "regsvcs.exe": "T1218.009",
        "cmstp.exe": "T1218.003",
        "odbcconf.exe": "T1218.008",
        "certutil.exe": "T1105",
        "bitsadmin.exe": "T1197",
        "msbuild.exe": "T1127.001",
        "wmiprvse.exe": "T1047", "wmic.exe": "T1047",
    ]
}
