/*
 * words.c: the printed words of ballots, result documents and cards.
 *
 * One row per word, one column per locale in the order of locale_index().
 * Invariant: every cell is filled (a test walks the table); Traditional
 * Chinese uses Taiwan's punctuation 「」.  Vietnamese is precomposed (NFC).
 */
#include "words.h"

#include <string.h>

enum { L_HANS = 0, L_HANT, L_VI, L_EN, L_COUNT };

static const char *const table[PLENUM_W_COUNT][L_COUNT] = {
	[PLENUM_W_BALLOT] = { "选票", "選票", "PHIẾU BẦU CỬ", "BALLOT" },
	[PLENUM_W_BALLOT_MOTION] = { "表决票", "表決票", "PHIẾU BIỂU QUYẾT",
				     "BALLOT" },
	[PLENUM_W_ROUND] = { "第%1轮投票", "第%1輪投票", "Lần bầu thứ %1",
			     "Round %1" },
	[PLENUM_W_CONTINUED] = { "（续）", "（續）", "(tiếp theo)",
				 "(continued)" },
	[PLENUM_W_PAGE] = { "第%1页　共%2页", "第%1頁　共%2頁", "Trang %1/%2",
			    "Page %1 of %2" },
	[PLENUM_W_COL_NUMBER] = { "序号", "序號", "STT", "No." },
	[PLENUM_W_COL_NAME] = { "候选人姓名", "候選人姓名", "Họ và tên",
				"Candidate" },
	[PLENUM_W_COL_MOTION] = { "表决事项", "表決事項", "Nội dung biểu quyết",
				  "Motion" },
	[PLENUM_W_COL_FOR] = { "赞成", "贊成", "Tán thành", "For" },
	[PLENUM_W_COL_AGAINST] = { "不赞成", "不贊成", "Không tán thành",
				   "Against" },
	[PLENUM_W_COL_ABSTAIN] = { "弃权", "棄權", "Không biểu quyết",
				   "Abstain" },
	[PLENUM_W_COL_AGREE] = { "同意", "同意", "Đồng ý", "Agree" },
	[PLENUM_W_COL_DISAGREE] = { "不同意", "不同意", "Không đồng ý",
				    "Disagree" },
	[PLENUM_W_COL_YES] = { "赞成", "贊成", "Tán thành", "Yes" },
	[PLENUM_W_COL_NO] = { "反对", "反對", "Không tán thành", "No" },
	[PLENUM_W_COL_VOTE] = { "选择", "選擇", "Bầu", "Vote" },
	[PLENUM_W_WRITE_IN] = { "另选他人", "另選他人", "Người khác",
				"Write-in" },
	[PLENUM_W_SEAL] = { "盖章处", "蓋章處", "Nơi đóng dấu", "Seal" },
	[PLENUM_W_INSTR_CN] = {
		"说明：1. 本次选举应选%1名。每张选票划“○”赞成的人数（含另选"
		"他人）不得多于%2名，多于%2名的为无效票。2. 赞成候选人的，在"
		"其姓名后“赞成”栏内划“○”；不赞成的，在“不赞成”栏内划“✕”；弃"
		"权的，在“弃权”栏内划“○”。3. 如另选他人，在“另选他人”栏内写"
		"上其姓名，并在其后“赞成”栏内划“○”。4. 用黑色或蓝色笔填写，"
		"符号要清楚。",
		"說明：1. 本次選舉應選%1名。每張選票劃「○」贊成的人數（含另選"
		"他人）不得多於%2名，多於%2名的為無效票。2. 贊成候選人的，在"
		"其姓名後「贊成」欄內劃「○」；不贊成的，在「不贊成」欄內劃「✕」"
		"；棄權的，在「棄權」欄內劃「○」。3. 如另選他人，在「另選他人」"
		"欄內寫上其姓名，並在其後「贊成」欄內劃「○」。4. 用黑色或藍色"
		"筆填寫，符號要清楚。",
		"Hướng dẫn: 1. Bầu %1 người; số người được đánh dấu ○ tán "
		"thành (kể cả người khác ghi thêm) không quá %2, quá %2 thì "
		"phiếu không hợp lệ. 2. Tán thành người nào thì đánh dấu ○ vào "
		"cột “Tán thành”; không tán thành thì đánh dấu ✕ vào cột “Không "
		"tán thành”; không biểu quyết thì đánh dấu ○ vào cột “Không "
		"biểu quyết”. 3. Muốn bầu người khác thì ghi họ tên vào dòng "
		"“Người khác” và đánh dấu ○ vào cột “Tán thành”. 4. Dùng bút "
		"mực đen hoặc xanh, ký hiệu rõ ràng.",
		"Instructions: 1. %1 to be elected. Mark ○ For no more than %2 "
		"persons (write-ins included), or the ballot is invalid. 2. To "
		"vote for a candidate, mark ○ in the For column; against, mark "
		"✕ in the Against column; to abstain, mark ○ in the Abstain "
		"column. 3. To vote for someone not listed, write the name on "
		"a Write-in line and mark ○ in its For column. 4. Use a black "
		"or blue pen and mark clearly.",
	},
	[PLENUM_W_INSTR_VN_STRIKE_OUT] = {
		"说明：候选人%3名，应选%1名。不选谁，就用横线划去其全部姓名。"
		"保留的姓名多于%2名、全部划去、另写他人姓名或做其他记号、未盖"
		"章的选票无效。",
		"說明：候選人%3名，應選%1名。不選誰，就用橫線劃去其全部姓名。"
		"保留的姓名多於%2名、全部劃去、另寫他人姓名或做其他記號、未蓋"
		"章的選票無效。",
		"Hướng dẫn: Danh sách có %3 người, bầu %1 người. Không bầu "
		"người nào thì gạch ngang cả họ và tên người đó. Phiếu giữ lại "
		"quá %2 người, phiếu gạch hết tên, phiếu ghi thêm tên người "
		"ngoài danh sách hoặc có ký hiệu riêng, phiếu không có dấu là "
		"phiếu không hợp lệ.",
		"Instructions: %3 candidates, %1 to be elected. Strike through "
		"the full name of each person you do not choose. A ballot "
		"keeping more than %2 names, with every name struck, with a "
		"name added or any other mark, or without the seal is invalid.",
	},
	[PLENUM_W_INSTR_VN_UNCONTESTED] = {
		"说明：同意的，在“同意”栏内划“✕”；不同意的，在“不同意”栏内划"
		"“✕”。每人只在一栏内划记号。未盖章的选票无效。",
		"說明：同意的，在「同意」欄內劃「✕」；不同意的，在「不同意」欄"
		"內劃「✕」。每人只在一欄內劃記號。未蓋章的選票無效。",
		"Hướng dẫn: Đồng ý người nào thì đánh dấu ✕ vào cột “Đồng ý”; "
		"không đồng ý thì đánh dấu ✕ vào cột “Không đồng ý”. Mỗi người "
		"chỉ đánh dấu vào một ô. Phiếu không có dấu là phiếu không hợp "
		"lệ.",
		"Instructions: For each person mark ✕ in the Agree or the "
		"Disagree column, one box per person. A ballot without the seal "
		"is invalid.",
	},
	[PLENUM_W_INSTR_YNA] = {
		"说明：应选%1名。每位候选人在“赞成”“反对”“弃权”中的一栏内划"
		"“✕”。",
		"說明：應選%1名。每位候選人在「贊成」「反對」「棄權」中的一欄內"
		"劃「✕」。",
		"Hướng dẫn: Bầu %1 người. Với mỗi người, đánh dấu ✕ vào một "
		"trong các cột “Tán thành”, “Không tán thành”, “Không biểu "
		"quyết”.",
		"Instructions: %1 to be elected. For each candidate mark ✕ in "
		"one box: Yes, No or Abstain.",
	},
	[PLENUM_W_INSTR_APPROVAL] = {
		"说明：应选%1名。在您选择的候选人后的方框内划“✕”，所选人数不"
		"得多于%2名。",
		"說明：應選%1名。在您選擇的候選人後的方框內劃「✕」，所選人數不"
		"得多於%2名。",
		"Hướng dẫn: Bầu %1 người. Đánh dấu ✕ vào ô của người được "
		"chọn, không quá %2 người.",
		"Instructions: %1 to be elected. Mark ✕ in the box of each "
		"candidate you vote for, no more than %2.",
	},
	[PLENUM_W_INSTR_MOTION] = {
		"说明：对每项表决事项，在“赞成”“反对”“弃权”中的一栏内划“✕”。",
		"說明：對每項表決事項，在「贊成」「反對」「棄權」中的一欄內劃"
		"「✕」。",
		"Hướng dẫn: Với mỗi nội dung, đánh dấu ✕ vào một trong các ô "
		"“Tán thành”, “Không tán thành”, “Không biểu quyết”.",
		"Instructions: For each motion mark ✕ in one box: Yes, No or "
		"Abstain.",
	},
	[PLENUM_W_TALLY_SHEET] = { "计票单", "計票單",
				   "BẢNG TỔNG HỢP KIỂM PHIẾU", "TALLY SHEET" },
	[PLENUM_W_ANNOUNCEMENT] = { "选举结果公告", "選舉結果公告",
				    "THÔNG BÁO KẾT QUẢ BẦU CỬ",
				    "ANNOUNCEMENT OF THE RESULT" },
	[PLENUM_W_ANNOUNCEMENT_MOTION] = { "表决结果公告", "表決結果公告",
					   "THÔNG BÁO KẾT QUẢ BIỂU QUYẾT",
					   "ANNOUNCEMENT OF THE VOTE" },
	[PLENUM_W_MINUTES] = { "计票结果报告单", "計票結果報告單",
			       "BIÊN BẢN KIỂM PHIẾU", "TELLERS' REPORT" },
	[PLENUM_W_ISSUED] = { "发出选票", "發出選票", "Số phiếu phát ra",
			      "Ballots issued" },
	[PLENUM_W_RETURNED] = { "收回选票", "收回選票", "Số phiếu thu vào",
				"Ballots returned" },
	[PLENUM_W_VALID] = { "有效票", "有效票", "Số phiếu hợp lệ", "Valid" },
	[PLENUM_W_INVALID] = { "无效票", "無效票", "Số phiếu không hợp lệ",
			       "Invalid" },
	[PLENUM_W_PRESENT] = { "实到会有选举权人数", "實到會有選舉權人數",
			       "Số đại biểu có mặt", "Voters present" },
	[PLENUM_W_BASE] = { "计算基数", "計算基數", "Cơ số tính", "Base" },
	[PLENUM_W_NEEDED] = { "当选所需票数", "當選所需票數",
			      "Số phiếu cần đạt", "Votes needed" },
	[PLENUM_W_COL_VOTES] = { "得票数", "得票數", "Số phiếu", "Votes" },
	[PLENUM_W_WRITE_IN_MARK] = { "（另选他人）", "（另選他人）",
				     " (người khác)", " (write-in)" },
	[PLENUM_W_COL_PERCENT] = { "得票率", "得票率", "Tỷ lệ", "Share" },
	[PLENUM_W_COL_RESULT] = { "结果", "結果", "Kết quả", "Result" },
	[PLENUM_W_DEC_ELECTED] = { "当选", "當選", "Trúng cử", "elected" },
	[PLENUM_W_DEC_ALTERNATE] = { "当选候补", "當選候補",
				     "Trúng cử dự khuyết", "alternate" },
	[PLENUM_W_DEC_NOT_ELECTED] = { "未当选", "未當選", "Không trúng cử",
				       "not elected" },
	[PLENUM_W_DEC_TIED] = { "票数相等", "票數相等", "Bằng phiếu",
				"tied" },
	[PLENUM_W_DEC_PENDING] = { "待定", "待定", "Chờ xác định",
				   "pending" },
	[PLENUM_W_DEC_NOT_COUNTED] = { "不计", "不計", "Không tính",
				       "not counted" },
	[PLENUM_W_ADOPTED] = { "通过", "通過", "Được thông qua", "adopted" },
	[PLENUM_W_REJECTED] = { "未通过", "未通過", "Không được thông qua",
				"not adopted" },
	[PLENUM_W_SIG_1] = { "计票人", "計票人", "Thành viên Ban kiểm phiếu",
			     "Tellers" },
	[PLENUM_W_SIG_2] = { "监票人", "監票人", "", "Scrutineers" },
	[PLENUM_W_SIG_3] = { "总监票人", "總監票人", "Trưởng Ban kiểm phiếu",
			     "Chief scrutineer" },
	[PLENUM_W_SIG_CHAIR] = { "会议主持人", "會議主持人", "Chủ tọa",
				 "Presiding officer" },
	[PLENUM_W_DATE_LINE] = { "　　年　　月　　日", "　　年　　月　　日",
				 "Ngày ..... tháng ..... năm ......",
				 "Date: ....................." },
	[PLENUM_W_ANN_PRESENT] = { "实到会有选举权人数%1人。",
				   "實到會有選舉權人數%1人。",
				   "Số đại biểu có mặt: %1.",
				   "Voters present: %1." },
	[PLENUM_W_ANN_BALLOTS] = {
		"发出选票%1张，收回%2张，其中有效票%3张，无效票%4张。",
		"發出選票%1張，收回%2張，其中有效票%3張，無效票%4張。",
		"Số phiếu phát ra: %1; số phiếu thu vào: %2; hợp lệ: %3; "
		"không hợp lệ: %4.",
		"Ballots issued: %1; returned: %2; valid: %3; invalid: %4.",
	},
	[PLENUM_W_ANN_THRESHOLD] = { "计算基数为%1，当选须得%2票。",
				     "計算基數為%1，當選須得%2票。",
				     "Cơ số tính: %1; số phiếu cần đạt: %2.",
				     "Base %1; votes needed: %2." },
	[PLENUM_W_ANN_ELECTED] = {
		"下列同志当选（按选票上的顺序排列）：",
		"下列同志當選（按選票上的順序排列）：",
		"Những đồng chí sau đây trúng cử (theo thứ tự trên phiếu bầu):",
		"Elected, in the order of the ballot:",
	},
	[PLENUM_W_ANN_ALTERNATES] = {
		"下列同志当选候补（按顺序排列）：",
		"下列同志當選候補（按順序排列）：",
		"Những đồng chí sau đây trúng cử dự khuyết (theo thứ tự):",
		"Alternates, in order:",
	},
	[PLENUM_W_ANN_NONE] = { "本轮无人当选。", "本輪無人當選。",
				"Không có người trúng cử trong lần bầu này.",
				"No one was elected in this round." },
	[PLENUM_W_ANN_VOTES] = { "%1票", "%1票", "%1 phiếu", "%1 votes" },
	[PLENUM_W_ANN_MOTION] = {
		"赞成%1票，反对%2票，弃权%3票。",
		"贊成%1票，反對%2票，棄權%3票。",
		"Tán thành: %1; không tán thành: %2; không biểu quyết: %3.",
		"For: %1; against: %2; abstain: %3.",
	},
	[PLENUM_W_STATUS_INCOMPLETE] = { "尚有名额未选出。", "尚有名額未選出。",
					 "Chưa bầu đủ số lượng.",
					 "Seats remain to be filled." },
	[PLENUM_W_STATUS_VOID] = { "本轮选举无效。", "本輪選舉無效。",
				   "Lần bầu này không hợp lệ.",
				   "This round is void." },
	[PLENUM_W_STATUS_NO_QUORUM] = {
		"未达到法定人数，不能进行选举。",
		"未達到法定人數，不能進行選舉。",
		"Không đủ số đại biểu cần thiết để tiến hành bầu cử.",
		"There is no quorum: no vote can be held.",
	},
	[PLENUM_W_STATUS_INVALID_LIST] = { "候选人名单不符合规定。",
					   "候選人名單不符合規定。",
					   "Danh sách bầu cử không hợp lệ.",
					   "The candidate list breaks the "
					   "rules." },
	[PLENUM_W_DIGEST] = { "文本摘要 SHA-256 %1", "文本摘要 SHA-256 %1",
			      "Mã SHA-256 %1", "SHA-256 %1" },
	[PLENUM_W_CARD] = { "代表证", "代表證", "THẺ ĐẠI BIỂU",
			    "DELEGATE" },
	[PLENUM_W_CARD_ID] = { "编号", "編號", "Mã số", "ID" },
	[PLENUM_W_CARD_CHECKIN] = { "签到", "簽到", "Điểm danh",
				    "Check-in" },
	[PLENUM_W_CARD_LOGIN] = { "登录", "登入", "Đăng nhập", "Sign-in" },
	[PLENUM_W_CARD_CODE] = { "一次性登录码", "一次性登入碼",
				 "Mã đăng nhập một lần",
				 "One-time sign-in code" },
};

static int
locale_index(const char *locale)
{
	if (locale == NULL)
		return L_EN;
	if (strcmp(locale, "zh-Hans") == 0)
		return L_HANS;
	if (strcmp(locale, "zh-Hant") == 0)
		return L_HANT;
	if (strcmp(locale, "vi") == 0)
		return L_VI;
	return L_EN;
}

const char *
plenum_words_get(const char *locale, enum plenum_word w)
{
	const char *s;

	if ((unsigned)w >= PLENUM_W_COUNT)
		return "";
	s = table[w][locale_index(locale)];
	return s != NULL ? s : "";
}

enum plenum_err
plenum_words_fill(struct plenum_buf *out, const char *locale,
		  enum plenum_word w, const char *const *args, size_t nargs)
{
	const char *s = plenum_words_get(locale, w);
	const char *p;
	enum plenum_err err = PLENUM_OK;

	while ((p = strchr(s, '%')) != NULL) {
		size_t k;

		if (p[1] < '1' || p[1] > '9') {
			err = plenum_buf_add(out, s, (size_t)(p - s) + 1);
			if (err != PLENUM_OK)
				return err;
			s = p + 1;
			continue;
		}
		k = (size_t)(p[1] - '1');
		err = plenum_buf_add(out, s, (size_t)(p - s));
		if (err == PLENUM_OK)
			err = k < nargs && args[k] != NULL
				      ? plenum_buf_adds(out, args[k])
				      : plenum_buf_add(out, p, 2);
		if (err != PLENUM_OK)
			return err;
		s = p + 2;
	}
	return plenum_buf_adds(out, s);
}
