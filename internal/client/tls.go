package client

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ParseCACertificates reads PEM text holding one or more CA certificates
// (and nothing else), as Config.CACertificate takes it.
func ParseCACertificates(pemText []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	rest := pemText
	for n := 1; ; n++ {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("PEM block %d is a %q, not a CERTIFICATE", n, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PEM block %d is not a valid certificate: %w", n, err)
		}
		certs = append(certs, cert)
	}
	switch {
	case len(certs) == 0:
		return nil, errors.New("no PEM certificate found: want text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----")
	case strings.TrimSpace(string(rest)) != "":
		return nil, errors.New("text after the last PEM certificate is not PEM: remove it")
	}
	return certs, nil
}

// withCACertificate returns a copy of transport that also trusts the CA
// certificates in pemText, besides the system's roots. Certificate
// verification itself is never turned off.
func withCACertificate(transport *http.Transport, pemText []byte) (*http.Transport, error) {
	certs, err := ParseCACertificates(pemText)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	for _, c := range certs {
		pool.AddCert(c)
	}
	t := transport.Clone()
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	t.TLSClientConfig.RootCAs = pool
	return t, nil
}
