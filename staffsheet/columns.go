// Package staffsheet is the staff directory as a spreadsheet (seed 001 §4.1, 002 §2; issue 12): the template an
// admin downloads, fills in Excel and uploads (xlsx, or csv as Excel saves it, GB18030 included), read a row at a
// time, and the preview of what importing it would do: each row to create, update or leave, and each bad row with
// its reasons, before anything is written.
package staffsheet

// Column is one column of the template.
type Column struct {
	Key      string // the field it fills
	Title    string // its header in the sheet
	Required bool
	Note     string // its line in 填写须知
}

// The column keys.
const (
	ColName        = "name"
	ColLogin       = "login"
	ColWeComUserID = "wecomUserId"
	ColMobile      = "mobile"
	ColEmail       = "email"
	ColDepartments = "departments"
	ColPosition    = "position"
	ColEmployeeNo  = "employeeNo"
	ColBranch      = "branch"
)

// Columns are the template's columns, in order. Headers are matched by Title (a trailing * ignored), so an admin
// may reorder the columns or add their own, which are ignored.
var Columns = []Column{
	{ColName, "姓名", true, "必填，最多 64 个字符。"},
	{ColLogin, "登录名", true, "必填，2–64 位字母、数字或 _ . @ -。与已有员工的登录名相同时，更新该员工。"},
	{ColWeComUserID, "企业微信账号", false, "留空则与登录名相同。成员已在企业微信中时，填写其在企业微信中的账号。"},
	{ColMobile, "手机", false, "手机和邮箱至少填写一项（企业微信用其邀请成员）；+86 可省略；不能与其他在职员工重复。"},
	{ColEmail, "邮箱", false, "不能与其他在职员工重复。"},
	{ColDepartments, "部门", false, "用 / 分隔上下级，如 广研/产品中心；多个部门用 ; 分隔，第一个为主部门。不存在的部门在导入时创建。"},
	{ColPosition, "职位", false, "多个职位用 / 分隔，如 产品经理/项目经理。"},
	{ColEmployeeNo, "工号", false, "公司内唯一。"},
	{ColBranch, "分公司", false, "须是「员工 › 分公司」中已建立的分公司。"},
}

// columnIndex is the position of each key in Columns.
var columnIndex = func() map[string]int {
	m := make(map[string]int, len(Columns))
	for i, c := range Columns {
		m[c.Key] = i
	}
	return m
}()
