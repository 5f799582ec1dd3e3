import Testing

@testable import Detection

@Test(arguments: [
    ("powershell.exe", "T1059.001"), ("pwsh.exe", "T1059.001"), ("cmd.exe", "T1059.003"),
    ("wscript.exe", "T1059.005"), ("cscript.exe", "T1059.005"), ("rundll32.exe", "T1218.011"),
    ("regsvr32.exe", "T1218.010"), ("mshta.exe", "T1218.005"), ("msiexec.exe", "T1218.007"),
    ("installutil.exe", "T1218.004"), ("regasm.exe", "T1218.009"), ("regsvcs.exe", "T1218.009"),
    ("cmstp.exe", "T1218.003"), ("odbcconf.exe", "T1218.008"), ("certutil.exe", "T1105"),
    ("bitsadmin.exe", "T1197"), ("msbuild.exe", "T1127.001"), ("wmiprvse.exe", "T1047"), ("wmic.exe", "T1047"),
    ("hh.exe", "T1218"), ("esentutl.exe", "T1218"),
])
func processTechniques_mapsImageToAttackTechnique(image: String, technique: String) {
    #expect(ProcessTechniques.technique(forImage: image) == technique)
}

@Test func processTechniques_coversEveryDefaultImage_withAKnownTechnique() {
    for image in DetectionConfiguration().suspiciousProcess.images {
        #expect(ProcessTechniques.technique(forImage: image).hasPrefix("T1"), "image \(image)")
    }
}
