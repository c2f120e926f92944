//! The parsed tree handed to serde: a [`Node`] deserializes as the target type asks, and a
//! plain scalar only where YAML could not read it as anything else (a null, a boolean, a
//! number). Everything else is declined, and the caller falls back to serde_yaml.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::Node;

/// Whether YAML reads a plain scalar as a string whatever the target type: not null, not
/// a boolean in any schema serde_yaml might apply, and not number-like.
fn plain_is_string(value: &str) -> bool {
    !is_null(value) && !is_bool(value) && !is_number_like(value)
}

fn is_null(value: &str) -> bool {
    matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

/// YAML 1.2's booleans and YAML 1.1's (`yes`, `off`…), in any case.
fn is_bool(value: &str) -> bool {
    value.len() <= 5
        && matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
}

/// Anything that could be a YAML number (`12`, `-1.5e3`, `0x1f`, `0o17`, `1_000`,
/// `.inf`, `-.NaN`), and some things that could not: it only has to be conservative.
fn is_number_like(value: &str) -> bool {
    let unsigned = value.trim_start_matches(['+', '-']);
    if unsigned.len() <= 9
        && matches!(
            unsigned.to_ascii_lowercase().as_str(),
            ".inf" | "inf" | ".nan" | "nan" | "infinity"
        )
    {
        return true;
    }
    value.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c))
        && value
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b"xXoO+-._".contains(&b))
}

/// Why this reader declined (never shown: the caller falls back to serde_yaml).
#[derive(Debug)]
pub(super) struct Declined;

impl std::fmt::Display for Declined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("outside the canonical subset")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Declined
    }
}

/// Deserializer methods that read what another one reads.
macro_rules! same_as {
    ($target:ident: $($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
            self.$target(visitor)
        })*
    };
}

macro_rules! decline {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
            Err(Declined)
        })*
    };
}

impl<'de, 'a: 'de> de::Deserializer<'de> for &'de Node<'a> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Node::Text(text) => visitor.visit_str(text),
            // What a plain scalar is depends on the target; without one, leave it.
            Node::Plain(_) => Err(Declined),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Plain(value) if plain_is_string(value) => visitor.visit_borrowed_str(value),
            Node::Text(Cow::Borrowed(value)) => visitor.visit_borrowed_str(value),
            Node::Text(Cow::Owned(value)) => visitor.visit_str(value),
            _ => Err(Declined),
        }
    }

    same_as! { deserialize_str: deserialize_string deserialize_identifier }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            // Plain decimal only: no sign, no leading zero, no `0x`, no `_`.
            Node::Plain(value)
                if value.bytes().all(|b| b.is_ascii_digit())
                    && (value.len() == 1 || !value.starts_with('0')) =>
            {
                visitor.visit_u64(value.parse().map_err(|_| Declined)?)
            }
            _ => Err(Declined),
        }
    }

    same_as! { deserialize_u64: deserialize_u8 deserialize_u16 deserialize_u32 }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            // The writer leaves out absent values; a written null is left to serde_yaml.
            Node::Plain(value) if is_null(value) => Err(Declined),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        match self {
            Node::Plain(value) if plain_is_string(value) => {
                visitor.visit_enum((*value).into_deserializer())
            }
            _ => Err(Declined),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Seq(_) => self.deserialize_any(visitor),
            _ => Err(Declined),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Map(_) => self.deserialize_any(visitor),
            _ => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Declined> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    decline! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_ignored_any
    }
}

struct Entries<'de, 'a> {
    entries: std::slice::Iter<'de, (&'a str, Node<'a>)>,
    value: Option<&'de Node<'a>>,
}

impl<'de, 'a: 'de> MapAccess<'de> for Entries<'de, 'a> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Declined> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                let key: de::value::BorrowedStrDeserializer<'de, Declined> =
                    de::value::BorrowedStrDeserializer::new(key);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        seed.deserialize(self.value.take().ok_or(Declined)?)
    }
}

struct Items<'de, 'a>(std::slice::Iter<'de, Node<'a>>);

impl<'de, 'a: 'de> SeqAccess<'de> for Items<'de, 'a> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Declined> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }
}
