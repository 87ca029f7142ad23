package provider

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// loadCACertificate resolves the provider's ca_certificate setting: PEM text
// as given, or else the path of a PEM file, read now. It returns the PEM, nil
// when unset, and adds an error naming the setting for a file that cannot be
// read or text that holds no valid certificate.
func loadCACertificate(setting string, diags *diag.Diagnostics) []byte {
	setting = strings.TrimSpace(setting)
	if setting == "" {
		return nil
	}
	source, text := "the PEM text", []byte(setting)
	if !strings.HasPrefix(setting, "-----BEGIN") {
		data, err := os.ReadFile(setting)
		if err != nil {
			diags.AddAttributeError(path.Root("ca_certificate"), "Unreadable Portkey CA Certificate",
				fmt.Sprintf("ca_certificate (or %s) is not PEM text, so it is read as a file path, and %s. Give the "+
					"path of a PEM file, or the PEM text itself (-----BEGIN CERTIFICATE----- ...).", envCACertificate, fileErr(err)))
			return nil
		}
		source, text = fmt.Sprintf("the file %q", setting), data
	}
	if _, err := client.ParseCACertificates(text); err != nil {
		diags.AddAttributeError(path.Root("ca_certificate"), "Invalid Portkey CA Certificate",
			fmt.Sprintf("ca_certificate (or %s): %s holds no usable CA certificate: %s.", envCACertificate, source, err))
		return nil
	}
	return text
}

// fileErr says why a file could not be read, naming it once.
func fileErr(err error) string {
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return fmt.Sprintf("the file %q cannot be read: %v", pathErr.Path, pathErr.Err)
	}
	return err.Error()
}
