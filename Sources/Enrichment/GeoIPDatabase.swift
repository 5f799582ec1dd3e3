import CMaxMindDB
import WFPCore

#if canImport(Glibc)
import Glibc
#endif

/// Why a `.mmdb` file could not be opened: the file and libmaxminddb's reason.
public struct GeoIPDatabaseError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot open GeoIP database \(path): \(reason)" }
}

/// Which parts of an entry a lookup reads.
public struct GeoIPFields: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `country.iso_code` and `country.names.en` (or the `registered_country` ones).
    public static let country = GeoIPFields(rawValue: 1)
    /// `autonomous_system_number` and `autonomous_system_organization`.
    public static let autonomousSystem = GeoIPFields(rawValue: 2)
    public static let all: GeoIPFields = [.country, .autonomousSystem]
}

/// One MaxMind DB (`.mmdb`) file opened read-only through libmaxminddb: MaxMind GeoLite2 /
/// GeoIP2 Country, City and ASN, and DB-IP's lite Country, City and ASN files, which share
/// their keys (`country.iso_code`, `country.names.en`, `autonomous_system_number`,
/// `autonomous_system_organization`).
///
/// The file is memory-mapped once; lookups only read it, so one database serves every
/// detection worker at once.
public final class GeoIPDatabase: @unchecked Sendable {
    // @unchecked: the MMDB_s is written only by MMDB_open in init and freed in deinit; lookups
    // read it and the mapped file without writing, which libmaxminddb documents as thread-safe.
    private let database: UnsafeMutablePointer<MMDB_s>
    /// The file as given to `init`.
    public let path: String

    /// Opens and checks `path` (metadata and search tree size).
    /// - Throws: `GeoIPDatabaseError` naming the file and libmaxminddb's reason.
    public init(path: String) throws(GeoIPDatabaseError) {
        let database = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), database)
        guard status == MMDB_SUCCESS else {
            let systemError = errno
            database.deallocate()
            throw GeoIPDatabaseError(path: path, reason: Self.reason(status: status, systemError: systemError))
        }
        self.database = database
        self.path = path
    }

    deinit {
        MMDB_close(database)
        database.deallocate()
    }

    /// `GeoLite2-Country`, `DBIP-ASN-Lite (compat=GeoLite2-ASN)`, ... as the metadata says.
    public var databaseType: String {
        database.pointee.metadata.database_type.map { String(cString: $0) } ?? ""
    }

    /// 4 for an IPv4-only file, 6 for one that holds both families.
    public var ipVersion: Int { Int(database.pointee.metadata.ip_version) }

    /// What the file says about `address`; nil when the address is in no network of the file,
    /// is IPv6 in an IPv4-only file, or its entry cannot be read. IPv4-mapped addresses are
    /// looked up as IPv4. `fields` limits what is read (each key costs a walk of the entry).
    public func lookup(_ address: IPAddress, fields: GeoIPFields = .all) -> GeoRecord? {
        var result = Self.search(database, address)
        guard result.found_entry else { return nil }

        let record = Self.record(in: &result.entry, fields: fields)
        return record.isEmpty ? nil : record
    }

    // MARK: Steps

    private static func search(_ database: UnsafeMutablePointer<MMDB_s>, _ address: IPAddress)
        -> MMDB_lookup_result_s
    {
        var status: Int32 = 0
        let result: MMDB_lookup_result_s
        if let value = address.ipv4 {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_addr.s_addr = value.bigEndian
            result = withUnsafePointer(to: &socketAddress) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    MMDB_lookup_sockaddr(database, $0, &status)
                }
            }
        } else {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { bytes in
                bytes.storeBytes(of: address.high.bigEndian, toByteOffset: 0, as: UInt64.self)
                bytes.storeBytes(of: address.low.bigEndian, toByteOffset: 8, as: UInt64.self)
            }
            result = withUnsafePointer(to: &socketAddress) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    MMDB_lookup_sockaddr(database, $0, &status)
                }
            }
        }
        // An IPv6 address in an IPv4-only file, or a broken tree: nothing is known about it.
        return status == MMDB_SUCCESS ? result : MMDB_lookup_result_s()
    }

    private static func reason(status: Int32, systemError: Int32) -> String {
        let library = String(cString: MMDB_strerror(status))
        guard status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR, systemError != 0 else { return library }
        return "\(library) (\(String(cString: strerror(systemError))))"
    }
}
