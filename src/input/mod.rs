//! Bytes → text: where tickets come from and how they are read. [`source`]
//! finds the inputs (files, folders, stdin) and reads them within the size
//! limit; [`decode`] turns bytes into text (BOMs, UTF-16, legacy encodings);
//! [`mail`] reads a raw e-mail into its text, attachments and thread, with
//! where each line is in the file; [`record`] reads the tickets of an NDJSON
//! helpdesk export.

pub mod decode;
pub mod mail;
pub mod record;
pub mod source;
