// Package wxcrypt implements WeChat's callback crypto (WeCom's and the
// service account's) and the JS-SDK page signature.
//
// A WeCom callback handler builds one Crypter from the callback page's
// Token, EncodingAESKey and the corpid, answers the GET URL check with
// VerifyURL, and turns each POST into an Event with DecryptMsg and
// ParseEvent; an encrypted passive reply is EncryptMsg. A service account
// in plain mode only checks VerifyPlain (its echostr comes back
// unencrypted); in safe mode it uses a Crypter with the appid as
// receiveID, exactly as WeCom does, minus AgentID in the envelope.
//
// The simulator uses the other direction: Event.XML, Encrypt, Envelope and
// Signature build the request WeCom would send, and DecryptReply reads an
// app's encrypted reply.
//
// Signatures are compared in constant time and always checked before any
// ciphertext is decrypted; padding, the length field and the receiveid are
// validated. Failures wrap ErrSignature, ErrPadding, ErrReceiveID,
// ErrFormat or ErrConfig.
package wxcrypt
