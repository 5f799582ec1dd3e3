import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// Why a TLS connection was refused before any frame was read; the label of
/// `wfpwatch_tls_handshake_failures_total`.
enum TLSRefusal: String, Sendable, CaseIterable {
    /// The listener has a client CA and the sender presented no certificate.
    case noClientCertificate = "no_client_certificate"
    /// The client certificate was not signed by the configured CA.
    case unknownCA = "unknown_ca"
    /// The client certificate failed verification otherwise (expired, bad signature...).
    case certificateInvalid = "certificate_invalid"
    /// The certificate's CN and DNS names are all outside `allowedSubjects`.
    case subjectNotAllowed = "subject"
    /// The first byte was not a TLS handshake record (plain syslog on the TLS port, say).
    case notTLS = "not_tls"
    /// Any other handshake failure (no shared version or cipher, a malformed record).
    case handshake
}

/// What one `TLSSession.read(into:)` came to.
enum TLSReadOutcome: Equatable {
    /// This many plaintext bytes are at the start of the buffer.
    case bytes(Int)
    /// OpenSSL waits for the socket to become readable (the read source will fire).
    case wantRead
    /// OpenSSL waits for the socket to become writable (handshake replies under pressure).
    case wantWrite
    /// The sender closed the connection, with or without close_notify.
    case closed
    case refused(TLSRefusal)
    /// A failure after the handshake, with OpenSSL's text.
    case failed(String)
}

/// The server side of one TLS connection over a non-blocking socket. Confined to the
/// connection's queue. The handshake runs inside the first reads.
final class TLSSession {
    private let context: TLSContext
    private let socketDescriptor: Int32
    private var ssl: OpaquePointer?
    private var checkedFirstByte = false
    private(set) var handshakeDone = false

    init?(context: TLSContext, socketDescriptor: Int32) {
        guard let ssl = SSL_new(context.context) else { return nil }
        guard SSL_set_fd(ssl, socketDescriptor) == 1 else {
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        self.context = context
        self.socketDescriptor = socketDescriptor
        self.ssl = ssl
    }

    deinit {
        if let ssl { SSL_free(ssl) }
    }

    /// Advances the handshake or reads plaintext into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSReadOutcome {
        guard let ssl else { return .closed }
        if !checkedFirstByte, let outcome = checkFirstByte() { return outcome }
        if !handshakeDone, let outcome = continueHandshake(ssl) { return outcome }

        ERR_clear_error()
        let received = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if received > 0 { return .bytes(Int(received)) }
        switch SSL_get_error(ssl, received) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        case SSL_ERROR_SYSCALL where errno == 0 || errno == ECONNRESET: return .closed
        default: return .failed(TLSContext.takeErrorText())
        }
    }

    /// True when OpenSSL holds bytes it has not handed on: part of a record whose rest has not
    /// come, or plaintext not read yet. At stop these are data cut short.
    var holdsUnreadBytes: Bool {
        guard let ssl else { return false }
        return SSL_has_pending(ssl) == 1
    }

    /// Sends close_notify without waiting for the peer's; the socket is closed by the caller.
    func shutdown() {
        guard let ssl, handshakeDone else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// A TLS stream opens with a handshake record (content type 22). Anything else is refused
    /// before OpenSSL sees it, so that plain text on the TLS port is named as such.
    private func checkFirstByte() -> TLSReadOutcome? {
        var byte: UInt8 = 0
        let peeked = recv(socketDescriptor, &byte, 1, Int32(MSG_PEEK))
        if peeked == 0 { return .closed }
        if peeked < 0 { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wantRead : .closed }
        checkedFirstByte = true
        return byte == 0x16 ? nil : .refused(.notTLS)
    }

    /// Nil once the handshake has completed and the subject is allowed.
    private func continueHandshake(_ ssl: OpaquePointer) -> TLSReadOutcome? {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        guard result == 1 else {
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: return .wantRead
            case SSL_ERROR_WANT_WRITE: return .wantWrite
            default: return .refused(handshakeRefusal(ssl))
            }
        }

        handshakeDone = true
        let subjects = context.configuration.allowedSubjects
        guard subjects.isEmpty || tlsPeerNames(ssl).contains(where: subjects.contains) else {
            return .refused(.subjectNotAllowed)
        }
        return nil
    }

    private func handshakeRefusal(_ ssl: OpaquePointer) -> TLSRefusal {
        let reason = wfp_ERR_GET_REASON(ERR_peek_error())
        ERR_clear_error()
        if reason == wfp_SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE() { return .noClientCertificate }

        switch Int32(SSL_get_verify_result(ssl)) {
        case X509_V_OK: return .handshake
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
            X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
            X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            return .unknownCA
        default: return .certificateInvalid
        }
    }
}

/// The names a client certificate claims: its subject CN and its DNS subject alternative names.
func tlsPeerNames(_ ssl: OpaquePointer) -> [String] {
    guard let certificate = SSL_get1_peer_certificate(ssl) else { return [] }
    defer { X509_free(certificate) }

    var names: [String] = []
    var commonName = [CChar](repeating: 0, count: 256)
    if X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, &commonName, 256) > 0 {
        names.append(String(decodingCString: commonName))
    }
    guard let alternatives = wfp_subject_alt_names(certificate) else { return names }
    defer { wfp_general_names_free(alternatives) }
    for index in 0..<wfp_general_names_count(alternatives) {
        var length: Int32 = 0
        guard let bytes = wfp_general_name_dns(alternatives, index, &length) else { continue }
        names.append(String(decoding: UnsafeBufferPointer(start: bytes, count: Int(length)), as: UTF8.self))
    }
    return names
}
