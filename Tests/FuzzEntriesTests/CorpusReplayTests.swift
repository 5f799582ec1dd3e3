import FuzzEntries
import SyslogParsing
import Testing

/// Replays the committed corpus and the shared inputs through every fuzz entry: an input that
/// once broke an invariant stops the test process, and the outcomes are checked where known.
@Suite struct CorpusReplayTests {
    @Test(arguments: ["framing", "syslog", "payload"])
    func corpus_isCommittedAndSmall(target: String) throws {
        let files = try CorpusFiles.corpus(target)
        #expect(files.count >= 10)
        #expect(files.count <= 300)
        #expect(files.allSatisfy { $0.count <= 4096 })
    }

    @Test func framingEntry_framesCorpusAndBugInputs() throws {
        let corpus = try CorpusFiles.corpus("framing")
        let frames = corpus.map { input in input.withUnsafeBytes { FuzzEntries.framing($0).tcpFrames } }
        #expect(frames.reduce(0, +) > corpus.count / 2)

        // The first five bytes choose the limit and the chunking; the rest of case 01 is two lines.
        let case01 = try #require(try CorpusFiles.bugInputs()["01"])
        let input = [0x07, 1, 3, 0, 0] + case01
        let outcome = input.withUnsafeBytes { FuzzEntries.framing($0) }
        #expect(outcome.tcpFrames == 2)
        #expect(outcome.datagramFramed)
        for (_, bugInput) in try CorpusFiles.bugInputs() {
            #expect(bugInput.withUnsafeBytes { FuzzEntries.framing($0) }.datagramFramed)
        }
    }

    @Test func syslogEntry_parsesCorpusAndBugInputs() throws {
        var formats: Set<SyslogHeader.Format> = []
        for input in try CorpusFiles.corpus("syslog") {
            formats.insert(input.withUnsafeBytes { FuzzEntries.syslogHeader($0) })
        }
        #expect(formats == [.rfc5424, .rfc3164, .unstructured])

        let bugInputs = try CorpusFiles.bugInputs()
        #expect(try #require(bugInputs["08"]).withUnsafeBytes { FuzzEntries.syslogHeader($0) } == .rfc5424)
        #expect(try #require(bugInputs["25"]).withUnsafeBytes { FuzzEntries.syslogHeader($0) } == .rfc3164)
        #expect(try #require(bugInputs["01"]).withUnsafeBytes { FuzzEntries.syslogHeader($0) } == .unstructured)
    }

    @Test func payloadEntry_decodesCorpusBugInputsAndRealCaptures() throws {
        let corpus = try CorpusFiles.corpus("payload")
        let corpusTally = corpus.map { input in input.withUnsafeBytes { FuzzEntries.payload($0) } }
        #expect(corpusTally.contains { $0.events > 0 })
        #expect(corpusTally.contains { $0.failed > 0 })

        let bugInputs = try CorpusFiles.bugInputs()
        for (_, input) in bugInputs { _ = input.withUnsafeBytes { FuzzEntries.payload($0) } }
        let case14 = try #require(bugInputs["14"]).withUnsafeBytes { FuzzEntries.payload($0) }
        #expect(case14.events >= 1)

        let lines = try CorpusFiles.realCaptureLines()
        let events = lines.map { line in line.withUnsafeBytes { FuzzEntries.payload($0).events } }
        #expect(lines.count > 1000)
        #expect(events.filter { $0 > 0 }.count > 100)
    }
}
