//! What a window (or a run) has seen, counted character by character: enough to tell that it
//! cannot hold an unvetted number, and when it closes.

use super::kinds::Kind;
use super::numbers::SHORT_VALUES;
use super::VettedNumbers;

/// What a window (or a run) has seen: enough to tell that it cannot hold a number, and when it
/// closes.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Stats {
    /// Counted characters since the last digit-like one.
    pub(super) since_digit: usize,
    pub(super) last_space: bool,
    pub(super) digits: usize,
    /// Digit-likes since the last character that ends a stretch.
    pub(super) stretch: usize,
    pub(super) max_stretch: usize,
    /// The certain digits of the stretch (the first ten), and whether some are not certain.
    pub(super) ten: [u8; 10],
    pub(super) stretch_digits: usize,
    pub(super) stretch_uncertain: bool,
    /// Stretches of exactly ten certain digits (to look up), and whether another stretch may
    /// hold a number.
    pub(super) tens: [[u8; 10]; 2],
    pub(super) ten_seen: usize,
    pub(super) long: bool,
    pub(super) has_plus: bool,
    /// After `#` (1), and a space (2).
    pub(super) hash: u8,
    /// Groups of three digits that are service numbers (bit `k` for `SHORT_NUMBERS[k]`), and a
    /// group of digit-likes that may be read as three digits with a 1.
    pub(super) shorts: u16,
    pub(super) any_short: bool,
    /// Groups of four digits after `#`, and one of digit-likes that may be read as four.
    pub(super) codes: [u16; 4],
    pub(super) codes_seen: usize,
    pub(super) any_code: bool,
    /// The group of digit-likes being read: its length, whether it may hold a 1, whether some
    /// of it is read as digits only in context, and its runs of certain digits.
    pub(super) group: usize,
    pub(super) group_one: bool,
    pub(super) group_uncertain: bool,
    pub(super) certain_run: usize,
    pub(super) shortest_certain_run: usize,
    /// The value of the group's digits, where all are certain.
    pub(super) group_value: u32,
    pub(super) group_after_hash: bool,
    /// The last character seen was a digit-like one, or a letter.
    pub(super) after_digit: bool,
    pub(super) after_letter: bool,
    /// Look-alike letters after neither a digit nor a letter (how many, and whether one may be
    /// a 1): digits if a digit follows.
    pub(super) pending: Option<(usize, bool)>,
    /// Characters left in an aside in brackets after digits (`0120（無料）444`,
    /// `0120（24時間）444-4444`), in which a letter, kana or kanji does not end the stretch, a
    /// digit does not end the aside, and no character counts towards closing the window.
    pub(super) aside: usize,
    /// A bidi control was seen, or a right-to-left letter.
    pub(super) direction_control: bool,
    pub(super) right_to_left: bool,
    /// The characters just read, in an aside, are look-alikes that start a word (`(#O`,
    /// `(Ol`), and one such run was followed by a digit: the whole reading takes them for
    /// digits (`0(#O444` holds `#0444`), so the window is searched.
    pub(super) aside_lookalikes: bool,
    pub(super) lookalike_digits_in_aside: bool,
    /// Only separators and brackets since the last digit: a look-alike run that starts here in
    /// an aside is beside the digits (`03(3446)SOOO` holds `0334465000`).
    pub(super) separators_since_digit: bool,
    /// Digits were read inside the aside: if it runs out before they do, a number may have
    /// started in it (`受付1（…お電話で 0120-444-4444`), and the window is searched.
    pub(super) digits_in_aside: bool,
}

/// The longest aside in brackets between the groups of a number, brackets and what follows
/// up to the next group included (`（受付9時〜18時）-`); the same as `runs::MAX_ASIDE`.
pub(super) const ASIDE: usize = super::runs::MAX_ASIDE;

impl Stats {
    pub(super) fn observe(&mut self, kind: Kind) {
        match kind {
            Kind::Invisible => return,
            Kind::Direction { control } => {
                if control {
                    self.direction_control = true;
                } else {
                    self.right_to_left = true;
                }
                return;
            }
            Kind::Digit { weight, one, value } => {
                self.lookalike_digits_in_aside |= self.aside_lookalikes;
                self.aside_lookalikes = false;
                if let Some((count, one)) = self.pending.take() {
                    self.add_digits(count, one, None);
                }
                // Digits inside an aside (`（24時間）`) are read into the stretch: more digits
                // than the number has only make the window searched.
                self.since_digit = 0;
                self.last_space = false;
                self.digits_in_aside |= self.aside > 0;
                self.separators_since_digit = true;
                self.add_digits(weight, one, value);
                self.after_digit = true;
                self.after_letter = false;
                self.hash = 0;
                return;
            }
            // Inside an aside, a look-alike not after a digit is a letter of its words, unless
            // a digit follows it (then the window is searched).
            Kind::Lookalike { .. } if self.aside > 0 && !self.after_digit => {
                let run = !self.after_letter || self.aside_lookalikes;
                self.lookalike_digits_in_aside |= run && self.separators_since_digit;
                self.observe(Kind::Letter);
                self.aside_lookalikes = run;
                return;
            }
            // A look-alike is read as a digit only beside one and not inside a word.
            // A run of them (`Ol20`) is read as digits beside one.
            Kind::Lookalike { one } => {
                self.aside_lookalikes = false;
                self.last_space = false;
                // Read as a digit after one: like a digit, it keeps the window open
                // (`0120(0xxxxxxxxxx)4444`; a window closed after ten of them read
                // `0OlOOOOOOOO0` as a number the whole text is not).
                if self.after_digit {
                    self.add_digits(1, one, None);
                    return;
                }
                if self.aside == 0 {
                    self.since_digit += 1;
                }
                if self.after_letter {
                    self.end_group();
                    self.end_stretch();
                } else {
                    let (count, ones) = self.pending.unwrap_or((0, false));
                    self.pending = Some((count + 1, ones || one));
                    return;
                }
                self.after_letter = true;
                return;
            }
            _ => {}
        }
        // Separators and brackets end neither the run since the last digit nor a run of
        // look-alikes: the whole reading takes `(Ol 9110` and `０(l(110` for digits.
        let separator = matches!(kind, Kind::Space | Kind::Neutral | Kind::Open);
        self.separators_since_digit &= separator;
        self.aside_lookalikes &= separator;
        if let Some((count, one)) = self.pending.take() {
            if kind == Kind::Letter {
                // It was a word after all.
                self.end_stretch();
            } else {
                // Look-alikes between separators may be digits (`0120-BBB-4444`).
                self.add_digits(count, one, None);
            }
        }
        self.end_group();
        self.after_digit = false;
        self.after_letter = kind == Kind::Letter;
        self.hash = match kind {
            Kind::Hash => 1,
            Kind::Space if self.hash != 0 => 2,
            _ => 0,
        };
        // A run of spaces shows as one (`0120(Ol` and fifty spaces, then `9110`): it uses one
        // character of an aside.
        if self.aside > 0 && !(kind == Kind::Space && self.last_space) {
            self.aside -= 1;
            if self.aside == 0 {
                self.long |= self.digits_in_aside;
                self.end_stretch();
            }
        }
        if kind == Kind::Open && self.stretch > 0 {
            self.aside = ASIDE;
            self.digits_in_aside = false;
        }
        if self.aside > 0 {
            // Inside an aside the window stays open (`0120 [free call, 24h] 444 4444`).
            self.has_plus |= kind == Kind::Plus;
            self.last_space = kind == Kind::Space;
            return;
        }
        match kind {
            Kind::Space => {
                if !self.last_space {
                    self.since_digit += 1;
                }
                self.last_space = true;
                return;
            }
            Kind::Plus => self.has_plus = true,
            Kind::Cold | Kind::Letter if self.aside == 0 => self.end_stretch(),
            _ => {}
        }
        self.since_digit += 1;
        self.last_space = false;
    }

    /// Nothing is being read (no group, stretch or look-alike): a cold character now changes
    /// only the count of characters since the last digit (and what the last one was).
    pub(super) fn quiet(&self) -> bool {
        self.group == 0 && self.stretch == 0 && self.pending.is_none()
    }

    /// Inside a word: a letter (or look-alike) now changes nothing but the count of characters
    /// since the last digit.
    pub(super) fn in_word(&self) -> bool {
        self.after_letter && self.pending.is_none() && self.group == 0 && self.stretch == 0
    }

    /// A stretch ends: one of ten digits or more is a number to search for, unless it is
    /// exactly ten certain digits that are a vetted number (kept to be looked up).
    pub(super) fn end_stretch(&mut self) {
        if self.stretch >= 10 {
            if self.stretch_digits == 10 && !self.stretch_uncertain && self.ten_seen < 2 {
                self.tens[self.ten_seen] = self.ten;
                self.ten_seen += 1;
            } else {
                self.long = true;
            }
        }
        self.stretch = 0;
        self.stretch_digits = 0;
        self.stretch_uncertain = false;
    }

    pub(super) fn add_digits(&mut self, weight: usize, one: bool, value: Option<u8>) {
        self.digits += weight;
        self.stretch += weight;
        self.max_stretch = self.max_stretch.max(self.stretch);
        match value {
            Some(v) if self.stretch_digits < 10 => {
                self.ten[self.stretch_digits] = b'0' + v;
                self.stretch_digits += 1;
            }
            Some(_) => self.stretch_digits += 1,
            None => self.stretch_uncertain = true,
        }
        if self.group == 0 {
            self.group_one = false;
            self.group_uncertain = false;
            self.certain_run = 0;
            self.shortest_certain_run = usize::MAX;
            self.group_value = 0;
            self.group_after_hash = self.hash != 0;
        }
        self.group += weight;
        self.group_one |= one;
        if let Some(v) = value {
            self.certain_run += weight;
            self.group_value = self
                .group_value
                .saturating_mul(10)
                .saturating_add(u32::from(v));
        } else {
            self.group_uncertain = true;
            self.end_certain_run();
        }
    }

    pub(super) fn end_certain_run(&mut self) {
        if self.certain_run > 0 {
            self.shortest_certain_run = self.shortest_certain_run.min(self.certain_run);
        }
        self.certain_run = 0;
    }

    /// A group ends: it may be three digits with a 1 if it has three digit-likes, or more of
    /// which some may not be read as digits, leaving three.
    #[inline]
    pub(super) fn end_group(&mut self) {
        if self.group == 0 {
            return;
        }
        self.end_certain_run();
        let shortest = match self.shortest_certain_run {
            usize::MAX => 0,
            n => n,
        };
        let uncertain_code = self.group > 4 && self.group_uncertain && shortest <= 4;
        if self.group_after_hash && (self.group == 4 || uncertain_code) {
            if self.group_uncertain || self.codes_seen == self.codes.len() {
                self.any_code = true;
            } else {
                self.codes[self.codes_seen] = self.group_value as u16;
                self.codes_seen += 1;
            }
        }
        if self.group_one && self.group == 3 && !self.group_uncertain {
            if let Some(k) = SHORT_VALUES.iter().position(|&v| v == self.group_value) {
                self.shorts |= 1 << k;
            }
        } else if self.group_one
            && (self.group == 3 || (self.group > 3 && self.group_uncertain && shortest <= 3))
        {
            self.any_short = true;
        }
        self.group = 0;
    }

    /// False where no unvetted number can be in the text: fewer than ten digits in a stretch
    /// but for vetted numbers of ten (eight after a `+`), no `#` with four digits but vetted
    /// codes, no group of three with a 1 but vetted service numbers.
    pub(super) fn worth_searching(&mut self, vetted: &VettedNumbers) -> bool {
        // Look-alikes still pending (the text ended after them, `2026-2026-lOO`) are read as
        // the end of the text reads them: as digits, if a separator came before.
        if self.pending.is_some() {
            self.observe(Kind::Space);
        }
        self.end_group();
        self.end_stretch();
        self.may_hold_unvetted(vetted)
    }

    /// Nothing is being read and nothing read can be an unvetted number: the text read so far
    /// needs no search, whatever follows (a digit after this starts a stretch of its own).
    pub(super) fn settled(&self, vetted: &VettedNumbers) -> bool {
        self.quiet() && !self.may_hold_unvetted(vetted)
    }

    /// What [`Stats::worth_searching`] says of the stretches and groups that have ended.
    fn may_hold_unvetted(&self, vetted: &VettedNumbers) -> bool {
        let unvetted_ten =
            |ten: &[u8; 10]| std::str::from_utf8(ten).map_or(true, |t| !vetted.contains(t));
        self.direction_control
            || (self.right_to_left && self.digits > 0)
            || self.lookalike_digits_in_aside
            || self.long
            || self.tens[..self.ten_seen].iter().any(unvetted_ten)
            || (self.has_plus && self.max_stretch >= 8)
            || self.any_short
            || self.any_code
            || self.shorts & !vetted.short_mask != 0
            || self.codes[..self.codes_seen]
                .iter()
                .any(|code| !vetted.codes.contains(code))
    }
}
