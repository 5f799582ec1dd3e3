/// The certificate files of a TLS listener (RFC 5425). Files are read when the listener starts
/// and again on `TCPListener.reloadCertificates()`.
public struct TLSConfiguration: Equatable, Sendable {
    /// PEM certificate chain presented to senders, the server's certificate first.
    public var certificatePath: String
    /// PEM private key of that certificate.
    public var keyPath: String
    /// PEM CA certificates; when set, every sender must present a certificate they signed.
    public var clientCAPath: String?
    /// When not empty, a client certificate's subject CN or one of its DNS names must be listed.
    public var allowedSubjects: [String]

    public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil, allowedSubjects: [String] = []) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.clientCAPath = clientCAPath
        self.allowedSubjects = allowedSubjects
    }
}
