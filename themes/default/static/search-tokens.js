// The search tokenizer, for search.js and its test: the one in src/search.rs (the index was
// built with it); tests/search_browser.rs runs both on the same strings in Chromium and
// compares the tokens. Keep the two in step. Defines window.madoguchiTokens.
(function () {
  'use strict';

  function katakana(cp) {
    return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309d && cp <= 0x309e) ? cp + 0x60 : cp;
  }

  function fold(text) {
    var lower = text.normalize('NFKC').toLowerCase();
    var out = '';
    for (var ch of lower) {
      out += String.fromCodePoint(katakana(ch.codePointAt(0)));
    }
    return out;
  }

  var CJK = 1, WORD = 2, GAP = 0;

  function classOf(ch) {
    var c = ch.codePointAt(0);
    if ((c >= 0x30a1 && c <= 0x30fa) || (c >= 0x30fc && c <= 0x30ff) ||
        (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3005 && c <= 0x3006) ||
        (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
        (c >= 0xf900 && c <= 0xfaff)) {
      return CJK;
    }
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) ||
        (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2af) ||
        (c >= 0x370 && c <= 0x3ff) || (c >= 0x400 && c <= 0x4ff) ||
        (c >= 0xac00 && c <= 0xd7af)) {
      return WORD;
    }
    return GAP;
  }

  var JOINS_DIGITS = '- ().\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc';

  function isDigit(ch) {
    return ch >= '0' && ch <= '9';
  }

  // phone::canonical: the digits, `+81` read as `0`, a leading `#` kept.
  var WIDTH = { '\uff0d': '-', '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-',
    '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u30fc': '-', '\uff08': '(', '\uff0b': '+',
    '\uff09': ')', '\uff03': '#', '\u3000': ' ' };
  function foldWidth(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xff10 && c <= 0xff19) {
      return String.fromCharCode(c - 0xff10 + 0x30);
    }
    return WIDTH[ch] || ch;
  }
  function canonical(number) {
    var out = '';
    var folded = Array.from(number).map(foldWidth);
    folded.forEach(function (c) {
      if (isDigit(c) || (c === '#' && out === '')) {
        out += c;
      }
    });
    var international = Array.from(number.trimStart()).map(foldWidth)[0] === '+';
    if (international && out.startsWith('81')) {
      var national = out.slice(2);
      return '0' + (national.startsWith('0') ? national.slice(1) : national);
    }
    return out;
  }

  // Numbers written with separators between their digits (or after + or #): [start, end, digits].
  function numbers(chars) {
    var out = [];
    var i = 0;
    while (i < chars.length) {
      if (!isDigit(chars[i])) {
        i += 1;
        continue;
      }
      var start = i > 0 && (chars[i - 1] === '+' || chars[i - 1] === '#') ? i - 1 : i;
      var end = i + 1;
      var joined = start !== i;
      for (;;) {
        while (end < chars.length && isDigit(chars[end])) {
          end += 1;
        }
        var gap = end;
        while (gap < chars.length && JOINS_DIGITS.indexOf(chars[gap]) >= 0) {
          gap += 1;
        }
        if (gap > end && gap < chars.length && isDigit(chars[gap])) {
          joined = true;
          end = gap;
        } else {
          break;
        }
      }
      if (joined) {
        out.push([start, end, canonical(chars.slice(start, end).join(''))]);
      }
      i = end;
    }
    return out;
  }

  // The tokens of folded text; `singles` (the index) adds every kanji and kana alone.
  function tokens(folded, singles) {
    var chars = Array.from(folded);
    var nums = numbers(chars);
    var out = [];
    var i = 0;
    while (i < chars.length) {
      var kind = classOf(chars[i]);
      var end = i + 1;
      while (end < chars.length && classOf(chars[end]) === kind) {
        end += 1;
      }
      if (kind === CJK) {
        if (end - i === 1) {
          out.push(chars[i]);
        } else {
          for (var j = i; j + 1 < end; j++) {
            out.push(chars[j] + chars[j + 1]);
          }
          if (singles) {
            out.push.apply(out, chars.slice(i, end));
          }
        }
      } else if (kind === WORD) {
        var word = chars.slice(i, end);
        var inNumber = !singles && word.every(isDigit) && nums.some(function (n) {
          return n[0] <= i && end <= n[1];
        });
        if (!inNumber) {
          out.push(word.join(''));
        }
      }
      i = end;
    }
    nums.forEach(function (n) { out.push(n[2]); });
    return out;
  }

  function queryTokens(text) { return tokens(fold(text), false); }
  function indexTokens(text) { return tokens(fold(text), true); }

  // The shard of a token: the high `bits` bits of FNV-1a over its UTF-16 code units
  // (search_index::shard_of).
  function hashOf(token) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) {
      hash ^= token.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash;
  }

  window.madoguchiTokens = {
    fold: fold,
    queryTokens: queryTokens,
    indexTokens: indexTokens,
    hashOf: hashOf,
  };
})();
