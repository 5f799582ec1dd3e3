import Detection
import EventDecoding
import SyslogParsing

/// What the payload entry made of one input, for the corpus tests.
package struct PayloadTally: Equatable, Sendable {
    /// Normalized events produced by any decoder.
    package var events = 0
    /// Messages recognized as not analysed (other event ids, other applications).
    package var skipped = 0
    /// Messages that looked like Windows events but failed to decode.
    package var failed = 0
    /// Findings the connection rules and the correlation engine raised on the events.
    package var findings = 0

    mutating func count(_ outcome: DecodeOutcome) -> NormalizedEvent? {
        switch outcome {
        case .event(let event):
            events += 1
            return event
        case .skipped:
            skipped += 1
        case .failed:
            failed += 1
        }
        return nil
    }
}

extension FuzzEntries {
    private static let rules = ConnectionRules(configuration: DetectionConfiguration(), intel: ThreatIntelSet())

    /// Runs every payload decoder on the input, end to end through detection.
    ///
    /// The input goes through the header parser and `PayloadDecoder` (which sniffs the format),
    /// then once more as a bare body, and then straight into each extractor with the normalizer
    /// behind it, so a decoder the sniffer would not pick still sees every input. Each event
    /// is evaluated by the connection rules and a fresh correlation engine.
    package static func payload(_ input: UnsafeRawBufferPointer) -> PayloadTally {
        var tally = PayloadTally()
        var events: [NormalizedEvent?] = []
        let decoder = PayloadDecoder()

        let header = SyslogParser().parse(input, receivedAt: receivedAt)
        let framed = decoder.decode(frame: input, header: header, receivedAt: receivedAt, truncated: false)
        events.append(tally.count(framed))
        let bare = SyslogHeader(
            format: .unstructured, priority: 13, hasPriority: false, timestamp: receivedAt,
            timestampSource: .receiver, message: 0..<input.count)
        events.append(tally.count(decoder.decode(frame: input, header: bare, receivedAt: receivedAt, truncated: true)))

        for extracted in extractEach(input) {
            events.append(tally.count(normalize(extracted.fields, format: extracted.format)))
        }
        tally.findings = detect(events.compactMap { $0 })
        return tally
    }

    private static func extractEach(_ input: UnsafeRawBufferPointer) -> [(fields: EventFields, format: PayloadFormat)] {
        var results: [(fields: EventFields, format: PayloadFormat)] = []
        if case .fields(let fields, let format) = JSONEventExtractor.extract(input) {
            results.append((fields, format))
        }
        let extractors: [(UnsafeRawBufferPointer, inout EventFields) -> Bool] = [
            EventXMLExtractor.extract, EventDataXMLExtractor.extract, SnareExtractor.extract,
            RenderedTextExtractor.extract,
        ]
        let formats: [PayloadFormat] = [.eventXML, .azureLogAnalytics, .snare, .renderedText]
        for (extract, format) in zip(extractors, formats) {
            var fields = EventFields()
            if extract(input, &fields) { results.append((fields, format)) }
        }
        return results
    }

    private static func normalize(_ fields: EventFields, format: PayloadFormat) -> DecodeOutcome {
        let envelope = WindowsEventNormalizer.Envelope(
            syslogHostname: "relay01", headerTime: nil, receivedAt: receivedAt, truncated: false)
        return WindowsEventNormalizer(options: DecoderOptions()).normalize(fields, format: format, envelope: envelope)
    }

    private static func detect(_ events: [NormalizedEvent]) -> Int {
        guard !events.isEmpty else { return 0 }
        var engine = CorrelationEngine(configuration: CorrelationConfiguration(), rules: rules)
        var findings = 0
        for event in events {
            findings += rules.evaluate(event).count
            findings += engine.process(event).count
        }
        return findings
    }
}
