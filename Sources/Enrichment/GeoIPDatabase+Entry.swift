import CMaxMindDB

/// Reading the fields of one database entry. The keys are those of MaxMind's GeoLite2 /
/// GeoIP2 layouts, which DB-IP's lite files reuse.
extension GeoIPDatabase {
    /// The requested fields of `entry`, each nil where the entry lacks it. Every key read walks
    /// the entry's map from its start, so a caller that knows the file's kind reads only its part.
    static func record(in entry: inout MMDB_entry_s, fields: GeoIPFields) -> GeoRecord {
        var record = GeoRecord()
        if fields.contains(.country) {
            record.countryCode = country(in: &entry, key: "iso_code")
            record.countryName = country(in: &entry, key: "names", "en")
        }
        if fields.contains(.autonomousSystem) {
            record.asn = unsignedValue(in: &entry, "autonomous_system_number")
            record.asOrganization = string(in: &entry, "autonomous_system_organization")
        }
        return record
    }

    /// `country.<key>`, or `registered_country.<key>` for networks that carry only where the
    /// block is registered (anycast and some hosting ranges).
    private static func country(in entry: inout MMDB_entry_s, key: String, _ subkey: String? = nil) -> String? {
        string(in: &entry, "country", key, subkey) ?? string(in: &entry, "registered_country", key, subkey)
    }

    /// The UTF-8 string at the path, nil when absent or of another type.
    private static func string(
        in entry: inout MMDB_entry_s, _ first: String, _ second: String? = nil, _ third: String? = nil
    ) -> String? {
        guard let data = value(in: &entry, first, second, third), data.type == UInt32(MMDB_DATA_TYPE_UTF8_STRING),
            let start = data.utf8_string
        else { return nil }

        // Strings in the data section are not NUL-terminated: read exactly data_size bytes.
        let bytes = UnsafeRawBufferPointer(start: start, count: Int(data.data_size))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The unsigned integer at the path when it fits in 32 bits, whatever width the file used.
    private static func unsignedValue(in entry: inout MMDB_entry_s, _ key: String) -> UInt32? {
        guard let data = value(in: &entry, key, nil, nil) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_UINT16: return UInt32(data.uint16)
        case MMDB_DATA_TYPE_UINT32: return data.uint32
        case MMDB_DATA_TYPE_UINT64: return UInt32(exactly: data.uint64)
        case MMDB_DATA_TYPE_INT32: return UInt32(exactly: data.int32)
        default: return nil
        }
    }

    private static func value(
        in entry: inout MMDB_entry_s, _ first: String, _ second: String?, _ third: String?
    ) -> MMDB_entry_data_s? {
        var data = MMDB_entry_data_s()
        let status = withOptionalCString(second) { second in
            withOptionalCString(third) { third in
                wfp_mmdb_get_value(&entry, &data, first, second, third)
            }
        }
        return status == MMDB_SUCCESS && data.has_data ? data : nil
    }

    private static func withOptionalCString<Result>(
        _ string: String?, _ body: (UnsafePointer<CChar>?) -> Result
    ) -> Result {
        guard let string else { return body(nil) }
        return string.withCString { body($0) }
    }
}
