package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/partners"
)

// MaxGraphQLBody bounds a GraphQL request that is not an upload, before anything of it is parsed. The largest a
// page sends is a collaboration item: a body of oa.MaxBodyRunes characters of HTML, up to 4 bytes each in UTF-8 and
// some more once escaped in JSON, plus the rest of the operation. Anything larger is refused with 413.
const MaxGraphQLBody = 6*oa.MaxBodyRunes + 64<<10

// limitGraphQL bounds what /graphql reads before the operation runs. A JSON body is read whole up to
// MaxGraphQLBody, and a larger one answers 413 without being read further: 300 MB of variables once took the
// process from 143 MB to 1.46 GB. A multipart upload (attachments, up to oa's limits; a staff sheet) is read only for
// a caller the bearer token already names, a person or a partner; anyone else gets 401 before a byte of the upload
// is read. The JSON, the body or an
// upload's operations part, must be valid text (checkJSONText): gqlgen would decode invalid bytes and half
// surrogate pairs into U+FFFD without a word.
func limitGraphQL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		if mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			_, person := auth.ActorFrom(r.Context())
			_, partner := partners.AccessFrom(r.Context())
			if !person && !partner {
				// Why the token was refused, where it says (a partner naming a tenant that is not its customer:
				// not_found, as on every field); otherwise that nobody is signed in.
				_, err := auth.RequireActor(r.Context(), true)
				if !apperr.Is(err, apperr.NotFound) {
					err = apperr.E(apperr.Unauthenticated, "请先登录再上传文件")
				}
				writeGraphQLError(w, errorStatus(err), err)
				return
			}
			if status, err := checkUploadOperations(r, params["boundary"]); err != nil {
				writeGraphQLError(w, status, err)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > MaxGraphQLBody {
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, errGraphQLTooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxGraphQLBody))
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, errGraphQLTooLarge)
			return
		case err != nil:
			writeGraphQLError(w, http.StatusBadRequest, apperr.Wrap(err, apperr.Invalid, "请求内容读取失败"))
			return
		}
		if err := checkJSONText(body); err != nil {
			writeGraphQLError(w, http.StatusBadRequest, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// errGraphQLTooLarge answers a GraphQL JSON body, or an upload's operations, over MaxGraphQLBody.
var errGraphQLTooLarge = apperr.E(apperr.Invalid, "请求内容过大，最多 %d KB", MaxGraphQLBody>>10)

// checkUploadOperations checks the operations part of a multipart upload, which the GraphQL multipart request spec
// puts first, as a JSON body is checked: at most MaxGraphQLBody (413) and valid text (400). Every byte it reads
// is put back in front of the rest of r.Body, so gqlgen reads the request as sent. A request of another shape is
// left to gqlgen to refuse.
func checkUploadOperations(r *http.Request, boundary string) (int, error) {
	if boundary == "" {
		return 0, nil
	}
	var seen bytes.Buffer
	part, err := multipart.NewReader(io.TeeReader(r.Body, &seen), boundary).NextPart()
	if err == nil && part.FormName() == "operations" {
		var ops []byte
		if ops, err = io.ReadAll(io.LimitReader(part, MaxGraphQLBody+1)); err == nil {
			if len(ops) > MaxGraphQLBody {
				return http.StatusRequestEntityTooLarge, errGraphQLTooLarge
			}
			if err := checkJSONText(ops); err != nil {
				return http.StatusBadRequest, err
			}
		}
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(&seen, r.Body), r.Body}
	return 0, nil
}

// writeGraphQLError answers a request refused before GraphQL ran, in GraphQL's own error shape, so the apps' one
// GraphQL client reads it like any other error.
func writeGraphQLError(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	ext := map[string]any{"code": string(apperr.CodeOf(err)), "status": fmt.Sprint(status)}
	if e, ok := errors.AsType[*apperr.Error](err); ok && e.Field != "" {
		ext["field"] = e.Field
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message":    apperr.MessageOf(err),
		"extensions": ext,
	}}})
}
