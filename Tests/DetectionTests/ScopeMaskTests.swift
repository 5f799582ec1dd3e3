import Testing
import WFPCore

@testable import Detection

@Test func scopeMask_containsExactlyTheScopesItWasBuiltFrom() {
    let mask = ScopeMask([.public, .linkLocal])

    #expect(mask.contains(.public))
    #expect(mask.contains(.linkLocal))
    #expect(!mask.contains(.private))
    #expect(!mask.contains(.loopback))
    #expect(!ScopeMask([]).contains(.unspecified))
}
