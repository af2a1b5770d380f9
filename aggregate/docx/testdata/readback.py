# Reads a .docx back with python-docx and prints its structure; used by
# TestPythonDocx.
import sys
import docx

d = docx.Document(sys.argv[1])
print("sections", len(d.sections))
for i, s in enumerate(d.sections, 1):
    o = "landscape" if s.orientation == 1 else "portrait"
    print("section %d %s %.1fx%.1f top %.1f bottom %.1f left %.1f right %.1f title_page %s" % (
        i, o, s.page_width.mm, s.page_height.mm, s.top_margin.mm, s.bottom_margin.mm,
        s.left_margin.mm, s.right_margin.mm, s.different_first_page_header_footer))
print("tables", len(d.tables))
for i, t in enumerate(d.tables, 1):
    print("table %d rows %d cols %d" % (i, len(t.rows), len(t.columns)))
print("paragraphs", len(d.paragraphs))
n = d.styles["Normal"]
print("style Normal", n.font.name, n.font.size.pt)
