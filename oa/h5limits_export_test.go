package oa

// AttachmentExtensions lists, for oa_test's TestH5Limits, every extension an attachment's name may carry.
func AttachmentExtensions() []string {
	var out []string
	for _, exts := range typeExtensions {
		out = append(out, exts...)
	}
	return out
}
