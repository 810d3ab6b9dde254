//! Which situations and windows share a chunk: a word of their titles' best places, as many as
//! the first page of results shows, are put in one chunk of their own, so a query for it
//! loads one chunk file, not one per result (each file is a round of loading in a browser).
//!
//! A place belongs to one group at most (its text is written, and read, once); the places of
//! no group fill the chunks that follow in their order, as before.

use super::TITLE_WEIGHT;

/// How many results the first page shows (`search.js`'s `FIRST`): a group holds a word's
/// best places, as many as that.
pub(super) const FIRST: usize = 10;

/// At most this many places share a chunk: a word's best, and those of words with the same
/// best places (the words of one title) that fit beside them.
const MOST: usize = 2 * FIRST;

/// Each token's best places so far, by its own weight, as `search.js` ranks them (weight
/// first, then the order of the data), how many places it is in, and in how many titles.
#[derive(Default)]
pub(super) struct BestPlaces {
    /// By token number: its best places, best first, as (weight, place).
    best: Vec<Vec<(u8, u32)>>,
    held_by: Vec<u32>,
    in_titles: Vec<u32>,
}

impl BestPlaces {
    /// Place `place` has token `token` with weight `weight`: places come in their order.
    pub(super) fn note(&mut self, token: u32, place: u32, weight: u8) {
        let token = token as usize;
        if self.best.len() <= token {
            self.best.resize_with(token + 1, Vec::new);
            self.held_by.resize(token + 1, 0);
            self.in_titles.resize(token + 1, 0);
        }
        self.held_by[token] += 1;
        if weight >= TITLE_WEIGHT {
            self.in_titles[token] += 1;
        }
        let best = &mut self.best[token];
        // A later place goes after any of the same weight: it comes later in the data.
        let at = best.partition_point(|&(w, _)| w >= weight);
        if at < FIRST {
            best.insert(at, (weight, place));
            best.truncate(FIRST);
        }
    }

    /// The groups, each a list of places in their order. For each word of two or more titles
    /// (those in the most places first; not one in over half the titles, such as a numbering
    /// every title has: no grouping serves it), its best places that no group holds yet join
    /// the group that holds most of the others, if they fit; else they make a group, if two or
    /// more. `places` is how many places there are.
    ///
    /// Also each of those words with the group that holds most of its best places (by token
    /// number): a query for the word can load that chunk beside its shards.
    pub(super) fn groups(self, places: usize) -> Groups {
        let mut words: Vec<usize> = (0..self.best.len())
            .filter(|&t| (2..=places as u32 / 2).contains(&self.in_titles[t]))
            .collect();
        // Tried on the 10,000-article corpus (benches/BENCHMARKS.md): the words in the most
        // places first, in groups of up to twice a page, put the first page of 33 words of its
        // titles in 1.7 chunks on average (8.4 without groups); the rarest words first, 9.7.
        words.sort_by_key(|&t| std::cmp::Reverse(self.held_by[t]));
        let mut group_of: Vec<Option<usize>> = vec![None; places];
        let mut groups: Vec<Vec<u32>> = Vec::new();
        let mut leads = Vec::new();
        for t in words {
            let best = self.best[t].iter().map(|&(_, place)| place as usize);
            let (free, held): (Vec<usize>, Vec<usize>) = best.partition(|&p| group_of[p].is_none());
            // The group that holds most of them, if the others fit in it.
            let into = match most_held(&held, &group_of) {
                Some((g, _)) if groups[g].len() + free.len() <= MOST => Some(g),
                _ if free.len() >= 2 => {
                    groups.push(Vec::new());
                    Some(groups.len() - 1)
                }
                _ => None,
            };
            if let Some(into) = into {
                for &place in &free {
                    group_of[place] = Some(into);
                    groups[into].push(place as u32);
                }
            }
            // A query for the word is led to the chunk that holds half its first page or more.
            let page: Vec<usize> = self.best[t].iter().map(|&(_, p)| p as usize).collect();
            if let Some((g, n)) = most_held(&page, &group_of) {
                if 2 * n >= page.len() {
                    leads.push((t as u32, g as u32));
                }
            }
        }
        groups.iter_mut().for_each(|g| g.sort_unstable());
        Groups {
            places: groups,
            leads,
        }
    }
}

/// The group that holds most of `places` (the first such), and how many of them.
fn most_held(places: &[usize], group_of: &[Option<usize>]) -> Option<(usize, usize)> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for g in places.iter().filter_map(|&p| group_of[p]) {
        match counts.iter_mut().find(|(group, _)| *group == g) {
            Some((_, n)) => *n += 1,
            None => counts.push((g, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(g, n)| (n, std::cmp::Reverse(g)))
}

/// The groups of places, and the words that lead to each.
pub(super) struct Groups {
    /// Each group's places, in their order.
    pub(super) places: Vec<Vec<u32>>,
    /// (token number, group): the group that holds most of the token's best places.
    pub(super) leads: Vec<(u32, u32)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_words_best_places_are_kept_by_weight_then_order() {
        let mut best = BestPlaces::default();
        for place in 0..30 {
            best.note(0, place, if place % 7 == 0 { 2 } else { 1 });
        }
        let kept: Vec<u32> = best.best[0].iter().map(|&(_, p)| p).collect();
        assert_eq!(kept, [0, 7, 14, 21, 28, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_title_words_best_places_share_a_group_and_a_place_is_in_one_group() {
        let mut best = BestPlaces::default();
        let title = TITLE_WEIGHT;
        for place in 0..100u32 {
            // Token 0 is in every title (a numbering); token 4 in every text; token 5 in one title.
            best.note(0, place, title);
            best.note(4, place, 1);
            if place == 7 {
                best.note(5, place, title);
            }
            // Token 1 in every fourth title: its ten best, 0 to 36, are a group.
            if place % 4 == 0 {
                best.note(1, place, title + 1);
            }
            // Token 3 (in ten places, so after token 1) shares place 0: its nine others join.
            if place == 0 || (41..=49).contains(&place) {
                best.note(3, place, title);
            }
            // Token 2 (five places, last) shares three, but its two others do not fit: their own.
            if matches!(place, 0 | 4 | 8 | 81 | 82) {
                best.note(2, place, title);
            }
        }
        let groups = best.groups(100);
        // Tokens 1 and 3 lead to the first group, and token 2 too (three of its five are there).
        assert_eq!(groups.leads, [(1, 0), (3, 0), (2, 0)]);
        let groups = groups.places;
        let mut first: Vec<u32> = (0..10).map(|n| n * 4).collect();
        first.extend(41..=49);
        assert_eq!(groups, [first, vec![81, 82]]);
    }
}
