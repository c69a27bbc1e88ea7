// Debian's OpenSSL 3 (libssl-dev), for what swift-crypto and swift-certificates do not cover:
// CMS SignedData with RSA-PSS, SHA-1 and Brainpool curves with explicit parameters, as
// ePassport security objects and CSCA master lists use them. Only IdentityDocuments imports it.
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

// OpenSSL's stack accessors are macros, which Swift cannot call: typed inline wrappers.
static inline int portunus_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *portunus_sk_X509_value(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
static inline STACK_OF(X509) *portunus_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int portunus_sk_X509_push(STACK_OF(X509) *stack, X509 *certificate) { return sk_X509_push(stack, certificate); }
static inline void portunus_sk_X509_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
static inline int portunus_sk_CMS_SignerInfo_num(STACK_OF(CMS_SignerInfo) *stack) { return sk_CMS_SignerInfo_num(stack); }
static inline CMS_SignerInfo *portunus_sk_CMS_SignerInfo_value(STACK_OF(CMS_SignerInfo) *stack, int index) { return sk_CMS_SignerInfo_value(stack, index); }
static inline STACK_OF(X509_CRL) *portunus_sk_X509_CRL_new_null(void) { return sk_X509_CRL_new_null(); }
static inline int portunus_sk_X509_CRL_push(STACK_OF(X509_CRL) *stack, X509_CRL *crl) { return sk_X509_CRL_push(stack, crl); }
static inline void portunus_sk_X509_CRL_free(STACK_OF(X509_CRL) *stack) { sk_X509_CRL_free(stack); }
static inline void portunus_sk_X509_pop_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }
// Macros Swift cannot see, as values and functions.
static const unsigned long portunus_XN_FLAG_RFC2253 = XN_FLAG_RFC2253;
static inline const EVP_MD *portunus_EVP_get_digestbynid(int nid) { return EVP_get_digestbynid(nid); }

// CSCAs publish EC keys with explicit curve parameters (152 of the 158 EC CSCAs of a public
// master list); OpenSSL 3 refuses them in a chain by default (X509_V_ERR_EC_KEY_EXPLICIT_PARAMS).
// ICAO 9303 Part 12 allows them: this callback accepts exactly that error, nothing else.
static inline int portunus_verify_allowing_explicit_curves(int ok, X509_STORE_CTX *context) {
    if (!ok && X509_STORE_CTX_get_error(context) == X509_V_ERR_EC_KEY_EXPLICIT_PARAMS) {
        X509_STORE_CTX_set_error(context, X509_V_OK);
        return 1;
    }
    return ok;
}
