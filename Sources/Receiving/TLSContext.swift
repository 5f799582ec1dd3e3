import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// The OpenSSL server context of a TLS listener, built from its certificate files: TLS 1.2 at
/// least, no compression or renegotiation, and, with a client CA, every sender must present a
/// certificate that CA signed. Immutable once built; a reload builds a new one.
final class TLSContext: @unchecked Sendable {
    let configuration: TLSConfiguration
    /// Owned: freed in `deinit`. Sessions hold their own reference (SSL_new takes one).
    let context: OpaquePointer

    /// Reads the certificate, key and CA files. Throws a `TLSSetupError` naming the file and
    /// OpenSSL's reason when one cannot be used.
    init(_ configuration: TLSConfiguration, listener: String) throws(TLSSetupError) {
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSSetupError(listener: listener, step: "create a TLS context", path: nil)
        }
        self.configuration = configuration
        self.context = context

        _ = wfp_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        _ = SSL_CTX_set_options(
            context, wfp_SSL_OP_IGNORE_UNEXPECTED_EOF() | wfp_SSL_OP_NO_COMPRESSION() | wfp_SSL_OP_NO_RENEGOTIATION())
        _ = wfp_SSL_CTX_set_mode(context, wfp_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER())
        // Syslog senders hold one long connection: no session cache, and no TLS 1.3 tickets that
        // a sender never reads (unread bytes turn its close into a reset that can drop its last data).
        _ = wfp_SSL_CTX_set_session_cache_off(context)
        _ = SSL_CTX_set_num_tickets(context, 0)

        try loadFiles(listener: listener)
    }

    deinit {
        SSL_CTX_free(context)
    }

    private func loadFiles(listener: String) throws(TLSSetupError) {
        let failure = { (step: String, path: String?) in TLSSetupError(listener: listener, step: step, path: path) }
        ERR_clear_error()
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            throw failure("load the certificate chain", configuration.certificatePath)
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.keyPath, SSL_FILETYPE_PEM) == 1 else {
            throw failure("load the private key", configuration.keyPath)
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw failure("match the private key to the certificate", configuration.keyPath)
        }

        guard let clientCAPath = configuration.clientCAPath else { return }
        guard SSL_CTX_load_verify_locations(context, clientCAPath, nil) == 1 else {
            throw failure("load the client CA certificates", clientCAPath)
        }
        if let names = SSL_load_client_CA_file(clientCAPath) {
            SSL_CTX_set_client_CA_list(context, names)
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
    }

    /// OpenSSL's text for the oldest error queued on this thread, or "unknown error".
    static func takeErrorText() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown error" }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        return String(decodingCString: text)
    }
}

/// A TLS listener's certificate, key or CA file could not be used.
public struct TLSSetupError: Error, Equatable, CustomStringConvertible {
    public var listener: String
    /// What failed, e.g. `load the private key`.
    public var step: String
    public var path: String?
    /// OpenSSL's reason.
    public var reason: String

    init(listener: String, step: String, path: String?) {
        self.listener = listener
        self.step = step
        self.path = path
        self.reason = TLSContext.takeErrorText()
    }

    public var description: String {
        "listener \(listener): cannot \(step)" + (path.map { " from \($0)" } ?? "") + ": \(reason)"
    }
}
