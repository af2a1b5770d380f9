// Package textout writes the plain-text outputs: the console summary after
// a merge (WriteConsole), the check of single files for a person or a
// script (WriteCheck, WriteCheckJSON), and the feedback letters to units
// (WriteFeedback, in FeedbackDir). It sits at the end of the flow (result →
// summary → writers), only lays out what it is given, and is imported only
// by main.
package textout
