// Package textout writes the plain-text outputs: the console summary after
// a merge (WriteConsole), the check of single files for a person or a
// script (WriteCheck, WriteCheckJSON), the letters to units — feedback
// (WriteFeedback, in FeedbackDir) and reminders to units that have not
// reported (WriteReminders, in ReminderDir) — and the same letters as
// draft mails (WriteInvitations, WriteDrafts). It sits at the end of the
// flow (result → summary → writers), only lays out what it is given, and
// is imported only by main.
package textout
