import WFPCore

extension DNSCache {
    /// One remembered answer and the address it named.
    package struct SavedAnswer: Sendable {
        package var address: IPAddress
        package var answer: Answer
    }

    /// Bytes one encoded answer takes at least.
    package static let minimumAnswerBytes = 16 + 4 + 1 + 1 + 4 + 8 + 8

    /// Every answer, oldest inserted first.
    package var answersInInsertionOrder: [SavedAnswer] {
        answersByAddress.flatMap { address, slots in slots.map { (address, $0) } }
            .sorted { $0.1.serial < $1.1.serial }
            .map { SavedAnswer(address: $0.0, answer: $0.1.answer) }
    }

    /// Remembers saved answers again, oldest first, within `maximumEntries`.
    package mutating func restore(_ answers: [SavedAnswer]) {
        for saved in answers { insert(saved.answer, for: saved.address) }
        evictOverLimit()
    }

    package static func encode(_ saved: SavedAnswer, into encoder: inout StateEncoder) {
        encoder.write(saved.address)
        encoder.write(saved.answer.queryName)
        encoder.write(optional: saved.answer.canonicalName)
        encoder.write(optional: saved.answer.pid)
        encoder.write(saved.answer.image)
        encoder.write(saved.answer.answeredAt)
        encoder.write(saved.answer.expiresAt)
    }

    package static func decodeAnswer(_ decoder: inout StateDecoder) throws(StateFileError) -> SavedAnswer {
        let address = try decoder.readAddress()
        let queryName = try decoder.readString("query name")
        let canonicalName = try decoder.readOptionalString("canonical name")
        let pid = try decoder.readOptionalUInt32()
        let image = try decoder.readString("image")
        let answeredAt = try decoder.readTimestamp()
        let expiresAt = try decoder.readTimestamp()
        let answer = Answer(
            queryName: queryName, canonicalName: canonicalName, pid: pid, image: image, answeredAt: answeredAt,
            expiresAt: expiresAt)
        return SavedAnswer(address: address, answer: answer)
    }
}
