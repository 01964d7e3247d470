// Package wxcrypt implements WeChat's callback crypto (WeCom's and the
// service account's) and the JS-SDK page signature.
package wxcrypt
