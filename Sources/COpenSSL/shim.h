// OpenSSL 3 for the TLS listener. The function-like macros and the SSL_OP_* constants do not
// import into Swift; the static inline wrappers below stand in for them.
#ifndef WFPWATCH_COPENSSL_SHIM_H
#define WFPWATCH_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/evp.h>
#include <openssl/bio.h>

static inline int wfp_SSL_CTX_set_min_proto_version(SSL_CTX *context, int version) {
    return (int)SSL_CTX_set_min_proto_version(context, version);
}

static inline long wfp_SSL_CTX_set_mode(SSL_CTX *context, long mode) {
    return SSL_CTX_set_mode(context, mode);
}

static inline long wfp_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER(void) { return SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER; }

static inline uint64_t wfp_SSL_OP_IGNORE_UNEXPECTED_EOF(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
static inline uint64_t wfp_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t wfp_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }

static inline int wfp_ERR_GET_REASON(unsigned long error) { return ERR_GET_REASON(error); }

static inline int wfp_SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE(void) {
    return SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE;
}

static inline int wfp_SSL_CTX_set_session_cache_off(SSL_CTX *context) {
    return (int)SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
}

/// The subject alternative names of a certificate (a GENERAL_NAMES stack), or NULL.
static inline GENERAL_NAMES *wfp_subject_alt_names(X509 *certificate) {
    return (GENERAL_NAMES *)X509_get_ext_d2i(certificate, NID_subject_alt_name, NULL, NULL);
}

static inline int wfp_general_names_count(GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }

/// The DNS name at `index`, or NULL when that entry is not a DNS name.
static inline const unsigned char *wfp_general_name_dns(GENERAL_NAMES *names, int index, int *length) {
    GENERAL_NAME *name = sk_GENERAL_NAME_value(names, index);
    if (name == NULL || name->type != GEN_DNS) return NULL;
    *length = ASN1_STRING_length(name->d.dNSName);
    return ASN1_STRING_get0_data(name->d.dNSName);
}

static inline void wfp_general_names_free(GENERAL_NAMES *names) { GENERAL_NAMES_free(names); }

#endif
