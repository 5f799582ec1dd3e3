/// Where an address is and who routes it, as GeoIP and ASN databases say.
///
/// Every part is optional: a country database gives no ASN, an ASN database no country, and
/// some networks (anycast, satellite) carry no country at all.
public struct GeoRecord: Hashable, Sendable {
    /// ISO 3166-1 alpha-2 code, upper case as the database writes it (`NL`).
    public var countryCode: String?
    /// The English country name (`Netherlands`).
    public var countryName: String?
    /// Autonomous system number (`1136`).
    public var asn: UInt32?
    /// The organization behind the autonomous system (`KPN B.V.`).
    public var asOrganization: String?

    public init(
        countryCode: String? = nil, countryName: String? = nil, asn: UInt32? = nil, asOrganization: String? = nil
    ) {
        self.countryCode = countryCode
        self.countryName = countryName
        self.asn = asn
        self.asOrganization = asOrganization
    }

    /// Whether the record says nothing.
    public var isEmpty: Bool {
        countryCode == nil && countryName == nil && asn == nil && asOrganization == nil
    }

    /// `AS1136 KPN B.V.`, `AS1136`, or nil without an ASN.
    public var asDescription: String? {
        guard let asn else { return nil }
        guard let asOrganization, !asOrganization.isEmpty else { return "AS\(asn)" }
        return "AS\(asn) \(asOrganization)"
    }

    /// This record's parts, each filled from `other` where this one has none.
    public func merged(with other: GeoRecord) -> GeoRecord {
        GeoRecord(
            countryCode: countryCode ?? other.countryCode, countryName: countryName ?? other.countryName,
            asn: asn ?? other.asn, asOrganization: asOrganization ?? other.asOrganization)
    }
}
