//! Styles as the configuration file writes them: `"yellow bold"`,
//! `"#ff8800 on 236 italic"`, `"none"`.

use ratatui::style::{Color, Modifier, Style};

/// What a style string could not mean.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadStyle {
    #[error(
        "“{0}” is not a colour or modifier: use an ANSI name (red, lightblue…), a number 0–255, #rrggbb, or bold, italic, underlined, reversed, dim, crossed_out"
    )]
    Word(String),
    #[error("“on” needs a colour after it")]
    NoBackground,
    #[error("“{0}” is not a colour: use an ANSI name (red, lightblue…), a number 0–255 or #rrggbb")]
    Color(String),
}

const NAMED: &[(&str, Color)] = &[
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
];

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
];

/// A colour: a name (`light_blue`, `dark-gray` and `grey` are read too),
/// an index of the 256-colour palette, or `#rrggbb`.
pub fn parse_color(word: &str) -> Result<Color, BadStyle> {
    let bad = || BadStyle::Color(word.to_string());
    if let Some(hex) = word.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        return Ok(Color::Rgb(channel(0)?, channel(2)?, channel(4)?));
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse::<u8>().map(Color::Indexed).map_err(|_| bad());
    }
    let name: String = word
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("grey", "gray");
    NAMED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .ok_or_else(bad)
}

/// A style: at most one foreground colour, `on` and a background colour,
/// and modifiers, in any order. `none` (or nothing) is the terminal's own.
pub fn parse_style(text: &str) -> Result<Style, BadStyle> {
    let mut style = Style::new();
    let mut words = text.split_whitespace();
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        if lower == "none" {
            continue;
        }
        if lower == "on" {
            let bg = words.next().ok_or(BadStyle::NoBackground)?;
            style = style.bg(parse_color(bg)?);
        } else if let Some((_, m)) = MODIFIERS.iter().find(|(n, _)| *n == lower) {
            style = style.add_modifier(*m);
        } else {
            let color = parse_color(word).map_err(|_| BadStyle::Word(word.to_string()))?;
            style = style.fg(color);
        }
    }
    Ok(style)
}

/// A colour as [`parse_color`] reads it back.
pub fn color_name(color: Color) -> String {
    match color {
        Color::Indexed(i) => i.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        c => NAMED
            .iter()
            .find(|(_, n)| *n == c)
            .map_or_else(|| "default".to_string(), |(n, _)| (*n).to_string()),
    }
}

/// A style as [`parse_style`] reads it back.
pub fn style_name(style: Style) -> String {
    let mut words = Vec::new();
    if let Some(fg) = style.fg {
        words.push(color_name(fg));
    }
    if let Some(bg) = style.bg {
        words.push(format!("on {}", color_name(bg)));
    }
    for (name, m) in MODIFIERS {
        if style.add_modifier.contains(*m) {
            words.push((*name).to_string());
        }
    }
    if words.is_empty() {
        "none".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_as_names_palette_indexes_and_hex() {
        assert_eq!(parse_color("light_blue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("DarkGrey"), Ok(Color::DarkGray));
        assert_eq!(parse_color("236"), Ok(Color::Indexed(236)));
        assert_eq!(parse_color("#FF8800"), Ok(Color::Rgb(255, 136, 0)));
    }

    #[test]
    fn colours_out_of_range_or_misspelt_are_refused_by_name() {
        assert_eq!(parse_color("256"), Err(BadStyle::Color("256".into())));
        assert_eq!(parse_color("#ff88"), Err(BadStyle::Color("#ff88".into())));
        assert_eq!(parse_color("purpel"), Err(BadStyle::Color("purpel".into())));
    }

    #[test]
    fn a_style_has_a_colour_a_background_and_modifiers() {
        let s = parse_style("#ff8800 on 236 italic bold");
        assert_eq!(
            s,
            Ok(Style::new()
                .fg(Color::Rgb(255, 136, 0))
                .bg(Color::Indexed(236))
                .add_modifier(Modifier::ITALIC | Modifier::BOLD))
        );
        assert_eq!(parse_style("none"), Ok(Style::new()));
        assert_eq!(parse_style("bold on"), Err(BadStyle::NoBackground));
        assert_eq!(
            parse_style("blinking"),
            Err(BadStyle::Word("blinking".into()))
        );
    }

    #[test]
    fn a_style_reads_back_as_it_is_printed() {
        for text in ["yellow bold", "#102030 on 17 italic underlined", "none"] {
            let style = parse_style(text).expect("a good style");
            assert_eq!(parse_style(&style_name(style)), Ok(style));
        }
    }
}
