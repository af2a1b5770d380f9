package gate

import "time"

// The limits policy: every bound on what one untrusted file may make the
// program do (bytes, counts, nesting, time, cells), stated here once with
// its reason. Each stage takes its part: the folder walk, the container
// unpacker and the sheet search (package aggregate), and each reader's
// DefaultLimits (xlsx, ods, xls, written, mail, isolate), the CSV export
// reader, the PDF fonts and fetch's guard on the IMAP server's answers,
// which only name these. A returned report is a few tens of kilobytes
// holding a few hundred cells; every bound leaves a wide margin over that
// while keeping the worst file to tens of megabytes of memory and seconds
// of work.
const (
	// One file, wherever it came from: on disk, or taken out of an archive
	// or a mail. The time covers reading, identifying and validating it: a
	// report takes well under a second on a slow office PC, and a hostile
	// file cannot hold up a merge of 130 units for long.
	MaxFileSize = 32 << 20
	FileTime    = 20 * time.Second

	// The folder walk.
	MaxWalkDepth   = 32
	MaxWalkEntries = 500_000

	// Containers (archives, mails) of one input file, however they nest:
	// one budget for all of them, so that archives in archives (42.zip)
	// stop where one archive would.
	MaxNesting     = 3        // a zip in a mail in a zip
	MaxMembers     = 200      // files taken out
	MaxMembersSize = 64 << 20 // bytes of all of them, unpacked
	MaxParts       = 5000     // parts of a zip whose kind is told from its directory

	// Mails (.eml, .msg).
	MailMaxSize        = 64 << 20
	MailMaxAttachments = 200
	MailMaxParts       = 2000      // MIME parts (or .msg attachments) visited
	MailMaxDepth       = 16        // nesting of multiparts and forwarded mails
	MailMaxHeaderBytes = 256 << 10 // one header block

	// .xlsx. A real report has about fifteen parts, a report sheet of about
	// 25 KB with a few hundred cells, a few dozen merged ranges and about
	// thirty defined names. XLSXMaxCells counts as a reader that fills every
	// row up to its last cell (excelize, which computes a formula without a
	// stored result) would: a row reaching column XFD is 16,384 cells.
	// XLSXMaxMerges keeps that computation clear of excelize's merge
	// handling, whose work grows with the square of their number (100,000
	// ranges took 100 s). XLSXMaxBookCells keeps a book of many full sheets
	// to about 50 MB of cells.
	XLSXMaxEntries   = 5000
	XLSXMaxPartSize  = 4 << 20
	XLSXMaxTotalSize = 64 << 20
	XLSXMaxSheets    = 1000
	XLSXMaxCells     = 250_000 // in one sheet, empty <c> included
	XLSXMaxBookCells = 500_000
	XLSXMaxStrings   = 250_000
	XLSXMaxNames     = 10_000
	XLSXMaxMerges    = 2_000
	XLSXMaxRels      = 10_000
	XLSXMaxProps     = 10_000
	XLSXMaxDepth     = 64 // XML element nesting
	// The styles part is read for the cells' number formats: a report's is
	// tens of kilobytes. A larger one (a file bloated with 100,000 copied
	// styles) is not inflated at all, or not past this bound, and its cells
	// read without their formats. Excel itself allows about 64,000 cell
	// formats (<xf>, <numFmt> kept).
	XLSXMaxStylesSize = 1 << 20
	XLSXMaxStyles     = 65_536

	// excelize, where it still opens a workbook (decrypting one, computing
	// a formula): all parts unpacked, the parts it keeps in memory, and the
	// declared size of the parts other than the sheets and the shared
	// strings (a report's are about 30 KB, styles about 15 KB; archive/zip
	// refuses a part longer than it declares).
	UnzipSizeLimit    = 64 << 20
	UnzipXMLSizeLimit = 16 << 20
	MaxCalcParts      = 512 << 10

	// .ods: a filled template has about 200 cells, content.xml about 110 KB.
	ODSMaxEntries   = 1000
	ODSMaxPartSize  = 16 << 20
	ODSMaxTotalSize = 48 << 20
	ODSMaxCells     = 200_000 // repeats and merged areas counted
	ODSMaxDepth     = 256
	ODSMaxSheets    = 256
	ODSMaxNames     = 10_000 // named ranges and custom properties, each

	// .xls: a filled template's Workbook stream is about 25 KB.
	XLSMaxStreamSize = 32 << 20
	XLSMaxCells      = 200_000
	XLSMaxStrings    = 200_000
	XLSMaxSheets     = 256
	XLSMaxNames      = 10_000
	XLSMaxContinues  = 4_096 // CONTINUE records after one: 32 MB of 8 KB records

	// The text of one cell or property: Excel's own limit.
	MaxTextLen = 32_767

	// Written reports (.docx, .odt, .pdf, .doc): one inflated part or
	// stream, the extracted text, the PDF pages read and objects.
	WrittenMaxPart    = 16 << 20
	WrittenMaxText    = 1 << 20
	WrittenMaxPages   = 100
	WrittenMaxObjects = 200_000
	// The directory of a .docx/.odt: real ones have a few dozen entries.
	WrittenMaxEntries = 10_000
	// The text pieces of one PDF page, and the fonts a PDF may make us
	// read: a font's ToUnicode CMap (the PDF library parses it whole into
	// lists it searches for every glyph) and the entries kept from it; the
	// fonts of one page; over the whole file, the fonts looked at and the
	// CMap bytes inflated (each page reads its fonts again: a file of many
	// pages each with many fonts and CMaps took the whole FileTime).
	WrittenMaxSegments    = 200_000
	WrittenMaxCMap        = 256 << 10
	WrittenMaxCMapEntries = 100_000
	WrittenMaxPageFonts   = 1000
	WrittenMaxFileFonts   = 5000
	WrittenMaxFileCMaps   = 16 << 20

	// The IMAP server of fetch, untrusted like a file: the answer to one
	// command that returns little (greeting, STARTTLS, LOGIN, SELECT,
	// LOGOUT) and the parts of any answer that are not the mails themselves;
	// a minute of silence, a floor of 32 KiB/s (a 64 MiB mail may take 34
	// minutes); 100,000 mails per search (go-imap parses a search answer in
	// time quadratic in its count when the numbers come in descending
	// order: 100,000 take about 3 s, a million would take minutes).
	IMAPAnswerSize  = 1 << 20
	IMAPLineSize    = 64 << 10 // one line of a small answer, and one literal in it
	IMAPLines       = 1000
	IMAPLinesOfMail = 20 // lines of a FETCH answer per mail, beside its literal
	IMAPConnectTime = 30 * time.Second
	IMAPIdleTime    = time.Minute
	IMAPGraceTime   = time.Minute
	IMAPMinRate     = 32 << 10 // bytes per second
	IMAPMaxUIDs     = 100_000

	// CSV exports of an online form (Google Forms, Microsoft Forms): a
	// national campaign's has about 10,600 responses and a few dozen
	// questions. CSVMaxRecord bounds one response's bytes as read, before
	// it is split into fields: a field of megabytes is refused after that
	// many bytes, not held whole first. A field is at most MaxTextLen.
	CSVMaxSize   = 64 << 20
	CSVMaxRows   = 200_000
	CSVMaxCols   = 1_000
	CSVMaxRecord = 1 << 20

	// The previous period's tong-hop.xlsx (merge --ky-truoc): tonghop's own
	// output, read back for its sheets "Tổng hợp" and "Chi tiết" only. The
	// detail sheet takes about 1.9 KB and 40 cells per unit: 18.5 MB and
	// about 400,000 cells at 10,000 units. The bounds allow a campaign of
	// templates.MaxUnits (20,000) with room.
	PreviousMaxSize  = 200 << 20 // the file
	PreviousMaxPart  = 64 << 20
	PreviousMaxTotal = 128 << 20
	PreviousMaxCells = 2_000_000

	// Compound (OLE) files: the entries of a .doc's or an .xls's directory
	// walked (a real one has about ten), and one string property of a .msg.
	OLEMaxEntries   = 10_000
	MailMaxProperty = 64 << 10

	// A worker process that reads a file a crash must not take the merge
	// down with (package isolate).
	WorkerMemory = 200 << 20
	WorkerTime   = 5 * time.Second
	WorkerOutput = 16 << 20

	// A sheet searched rather than read by name (the fallback for lost
	// defined names, the identity sheet, the unit name): the form is a few
	// dozen rows and columns. And the columns of an online form's export.
	MaxScanRows = 2000
	MaxScanCols = 64
	FormMaxCols = 512
)

// Bound is v, or def when v is not positive: how a reader fills the zero
// fields of the Limits it is given.
func Bound[T int | int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}
