package gate

import "time"

// The limits policy: every bound on what one untrusted file may make the
// program do (bytes, counts, nesting, time, cells), stated here once with
// its reason. Each stage takes its part: the folder walk, the container
// unpacker and the sheet search (package aggregate), and each reader's
// DefaultLimits (xlsx, ods, xls, written, mail, isolate), which only
// name these. A returned report is a few tens of kilobytes holding a few
// hundred cells; every bound leaves a wide margin over that while keeping
// the worst file to tens of megabytes of memory and seconds of work.
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
