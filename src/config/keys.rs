//! `[keys.<pane>]`: actions bound to other keys, several keys, or none.

use toml_edit::Item;

use super::{Problem, Reader};
use crate::keymap::{Action, Key, Keymap, Scope};

/// One action's new keys, as the file asked.
struct Override {
    scope: Scope,
    action: Action,
    keys: Vec<Key>,
    setting: String,
    span: Option<std::ops::Range<usize>>,
}

/// Applies the `[keys]` table to `keymap`. Whatever is wrong with one
/// binding leaves that action its default keys.
pub(super) fn apply(r: &mut Reader<'_>, item: &Item, keymap: &mut Keymap) {
    let mut overrides = Vec::new();
    for (scope_name, span, sub) in r.entries(item, "keys") {
        let setting = format!("keys.{scope_name}");
        let Some(scope) = Scope::from_name(&scope_name) else {
            r.error(span, setting, Problem::Unknown(scope_names()));
            continue;
        };
        for (action_name, span, value) in r.entries(sub, &setting) {
            let setting = format!("{setting}.{action_name}");
            let Some(action) = Action::from_name(&action_name) else {
                r.error(span, setting, Problem::UnknownAction);
                continue;
            };
            if !keymap.has(scope, action) {
                r.error(
                    span,
                    setting,
                    Problem::NotInScope {
                        action: action.name(),
                        scope: scope.heading(),
                    },
                );
                continue;
            }
            let Some(words) = r.strings(value, span.clone(), &setting) else {
                continue;
            };
            match words.iter().map(|w| Key::parse(w)).collect() {
                Ok(keys) => overrides.push(Override {
                    scope,
                    action,
                    keys,
                    setting,
                    span,
                }),
                Err(bad) => r.error(span, setting, Problem::Key(bad)),
            }
        }
    }
    // All taken first, so that two actions can swap keys.
    let defaults = keymap.clone();
    for o in &overrides {
        keymap.unbind(o.scope, o.action);
    }
    for o in overrides {
        if let Err(conflict) = keymap.rebind(o.scope, o.action, o.keys) {
            let kept: Vec<Key> = defaults
                .scope(o.scope)
                .find(|b| b.action == o.action)
                .map(|b| b.keys.clone())
                .unwrap_or_default();
            // The default stays, unless another binding took it meanwhile.
            let kept_text = match keymap.rebind(o.scope, o.action, kept.clone()) {
                Ok(_) if !kept.is_empty() => {
                    kept.iter().map(|k| k.name()).collect::<Vec<_>>().join(" ")
                }
                _ => "no key".to_string(),
            };
            r.error(
                o.span,
                o.setting,
                Problem::Conflict {
                    key: conflict.key.name(),
                    holder: conflict.holder.name(),
                    action: o.action.name(),
                    scope: conflict.scope.heading(),
                    kept: kept_text,
                },
            );
        }
    }
}

fn scope_names() -> String {
    Scope::ALL
        .into_iter()
        .map(Scope::name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `[keys]` tables of the effective configuration, every binding shown.
pub(super) fn print(keymap: &Keymap, out: &mut String) {
    for scope in Scope::ALL {
        out.push_str(&format!(
            "\n# {}\n[keys.{}]\n",
            scope.heading(),
            scope.name()
        ));
        for b in keymap.scope(scope) {
            let keys: Vec<String> = b.keys.iter().map(|k| super::quoted(&k.name())).collect();
            out.push_str(&format!(
                "{} = [{}]  # {}\n",
                b.action.name(),
                keys.join(", "),
                b.help
            ));
        }
    }
}
