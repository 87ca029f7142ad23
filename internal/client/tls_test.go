package client

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// newTLSTestServer serves a workspace over TLS with a certificate of
// httptest's own CA, which no system trusts; it returns the server and that
// CA as PEM.
func newTLSTestServer(t *testing.T) (*httptest.Server, []byte) {
	t.Helper()
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusOK, map[string]any{"id": "ws-1", "name": "n"})
	}))
	t.Cleanup(ts.Close)
	return ts, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
}

func TestCACertificate_trustsThePrivateCA(t *testing.T) {
	t.Parallel()
	ts, caPEM := newTLSTestServer(t)
	c, err := New(Config{BaseURL: ts.URL + "/v1", APIKey: "k", MaxRetries: 0, CACertificate: caPEM})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWorkspace(context.Background(), "ws-1"); err != nil {
		t.Fatalf("with the CA: %v", err)
	}
}

func TestCACertificate_withoutItTheServerIsUntrusted(t *testing.T) {
	t.Parallel()
	ts, _ := newTLSTestServer(t)
	c, err := New(Config{BaseURL: ts.URL + "/v1", APIKey: "k", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetWorkspace(context.Background(), "ws-1")
	var unknownCA x509.UnknownAuthorityError
	if !errors.As(err, &unknownCA) {
		t.Fatalf("without the CA: err = %v, want x509.UnknownAuthorityError", err)
	}
}

func TestCACertificate_invalid(t *testing.T) {
	t.Parallel()
	_, caPEM := newTLSTestServer(t)
	for name, tc := range map[string]struct{ pem, want string }{
		"not PEM":        {"hello", "no PEM certificate found"},
		"a key":          {"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", `PEM block 1 is a "PRIVATE KEY", not a CERTIFICATE`},
		"garbage inside": {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "PEM block 1 is not a valid certificate"},
		"trailing text":  {string(caPEM) + "junk", "text after the last PEM certificate"},
	} {
		_, err := New(Config{BaseURL: "https://portkey.example.com/v1", APIKey: "k", CACertificate: []byte(tc.pem)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
	two := append(append([]byte{}, caPEM...), caPEM...)
	if certs, err := ParseCACertificates(two); err != nil || len(certs) != 2 {
		t.Errorf("two certificates: %d, %v", len(certs), err)
	}
}
