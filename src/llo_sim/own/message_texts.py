"""The texts of the readers' messages (:mod:`llo_sim.own.messages`): per key, the English
text (what the command line prints) and the Dutch one (the dashboard in Dutch). Each is a
``str.format`` template over the message's parts; ``{file}`` is the file (shown by its
uploaded name in the dashboard), ``{value!r}`` a cell's text, quoted."""

SAVE_EN = ("save it as CSV: in Excel choose File > Save as > 'CSV UTF-8 (comma delimited)' "
           "(or 'CSV (semicolon delimited)')")
SAVE_NL = ("sla het op als CSV: kies in Excel Bestand > Opslaan als > \"CSV UTF-8 (door "
           "komma's gescheiden)\" (of \"CSV (gescheiden door lijstscheidingsteken)\")")
UTF8_EN = "'CSV UTF-8 (comma delimited)'"
UTF8_NL = "\"CSV UTF-8 (door komma's gescheiden)\""
INSPECT_EN = "`llo-sim own inspect FILE` proposes a mapping for an HR export"
INSPECT_NL = "`llo-sim own inspect BESTAND` stelt een koppeling voor een HR-export voor"
BAD_EN = "value {value!r} is not allowed; expected {allowed}"
BAD_NL = "waarde {value!r} is niet toegestaan; toegestaan is {allowed}"
DRAWN_EN = "an empty cell or 'onbekend' (unknown, drawn)"
DRAWN_NL = "een lege cel of 'onbekend' (onbekend: het model trekt een waarde)"

TEMPLATES = {
    # one file, one problem; where a value is
    "in_file": ("{file}: {text}", "{file}: {text}"),
    "indented": ("  {text}", "  {text}"),
    "at_file": ("{file}", "{file}"),
    "at_row": ("{file}: row {row}", "{file}: rij {row}"),
    "at_column": ("{file}: column {column!r}", "{file}: kolom {column!r}"),
    "at_row_column": ("{file}: row {row}, column {column!r}",
                      "{file}: rij {row}, kolom {column!r}"),
    "bad_value": ("{where}: " + BAD_EN, "{where}: " + BAD_NL),
    # reading a CSV file
    "no_file": ("{file}: no such file", "{file}: dit bestand bestaat niet"),
    "empty_rows": ("{file}: the file is empty; expected a header row and one row per person "
                   "or team",
                   "{file}: het bestand is leeg; verwacht: een kopregel en één rij per persoon "
                   "of team"),
    "empty": ("{file}: the file is empty; expected a header row",
              "{file}: het bestand is leeg; verwacht: een kopregel"),
    "header_only": ("{file}: has a header but no rows",
                    "{file}: heeft een kopregel maar geen rijen"),
    "not_csv": ("{file}: not a valid CSV file{detail}; " + SAVE_EN,
                "{file}: geen geldig CSV-bestand{detail}; " + SAVE_NL),
    "csv_detail": (" ({detail})", ""),         # the parser's own words: English only
    "csv_fields": (" (Error tokenizing data. Expected {expected} fields in line {line}, "
                   "saw {saw})",
                   " (rij {line} heeft {saw} cellen, de kopregel {expected})"),
    "csv_quote": (" (Error tokenizing data. EOF inside string starting at row {row})",
                  " (een aanhalingsteken \" wordt niet gesloten)"),
    "csv_columns": (" (CSV parse error: Expected {expected} columns, got {got}: {text})",
                    " (een rij heeft {got} cellen, de kopregel {expected}: {text})"),
    "memory": ("{file}: {mb:,.0f} MB; reading it needs about {need:,.0f} MB of memory and only "
               "{free:,.0f} MB is free; close other programs, use a larger machine, or split "
               "the organisation into parts",
               "{file}: {mb:,.0f} MB; om het te lezen is ongeveer {need:,.0f} MB geheugen nodig "
               "en er is maar {free:,.0f} MB vrij; sluit andere programma's, gebruik een "
               "grotere computer of splits de organisatie in delen"),
    "xlsx": ("{file}: is an Excel workbook (.xlsx), not a CSV file; " + SAVE_EN,
             "{file}: is een Excel-werkmap (.xlsx), geen CSV-bestand; " + SAVE_NL),
    "xls": ("{file}: is an old Excel workbook (.xls), not a CSV file; " + SAVE_EN,
            "{file}: is een oude Excel-werkmap (.xls), geen CSV-bestand; " + SAVE_NL),
    "utf16": ("{file}: is UTF-16 text (Excel's 'Unicode text'); save it as " + UTF8_EN,
              "{file}: is UTF-16-tekst (Excels \"Unicode-tekst\"); sla het op als " + UTF8_NL),
    "nul_bytes": ("{file}: is a binary file, not a text file such as CSV (it holds NUL bytes, "
                  "0x00, which text never has); " + SAVE_EN,
                  "{file}: is een binair bestand, geen tekstbestand zoals CSV (het bevat "
                  "NUL-bytes, 0x00, die tekst nooit heeft); " + SAVE_NL),
    "not_utf8": ("{file}: row {line} is not UTF-8 (byte 0x{byte}; probably Windows-1252 or "
                 "Latin-1); save the file as " + UTF8_EN,
                 "{file}: rij {line} is geen UTF-8 (byte 0x{byte}; waarschijnlijk Windows-1252 "
                 "of Latin-1); sla het bestand op als " + UTF8_NL),
    # columns
    "column_twice": ("{file}: column {column!r} is in the header twice (columns {first} and "
                     "{second}; case does not count); expected each column once",
                     "{file}: kolom {column!r} staat twee keer in de kopregel (kolom {first} "
                     "en {second}; hoofdletters tellen niet); verwacht: elke kolom één keer"),
    "column_unknown": ("column {column!r} is not known; {hint}expected columns: {known}",
                       "kolom {column!r} is onbekend; {hint}bekende kolommen: {known}"),
    "did_you_mean": ("did you mean {near!r}? ", "bedoelt u {near!r}? "),
    "with_inspect": ("{text} (" + INSPECT_EN + ")", "{text} (" + INSPECT_NL + ")"),
    "column_missing": ("column {column!r} is missing; the file has {has}; expected also "
                       "{column!r}",
                       "kolom {column!r} ontbreekt; het bestand heeft {has}; verwacht ook "
                       "{column!r}"),
    "needs_column": ("needs a column {names}; the file has {has}",
                     "heeft een kolom {names} nodig; het bestand heeft {has}"),
    "no_column_for": ("no column for {need!r}: the mapping {mapping!r} looks for {looks}; the "
                      "file has {has} (" + INSPECT_EN + ")",
                      "geen kolom voor {need!r}: de koppeling {mapping!r} zoekt {looks}; het "
                      "bestand heeft {has} (" + INSPECT_NL + ")"),
    "no_age_column": ("no column for the age: the mapping {mapping!r} looks for {looks}; the "
                      "file has {has} (" + INSPECT_EN + ")",
                      "geen kolom voor de leeftijd: de koppeling {mapping!r} zoekt {looks}; "
                      "het bestand heeft {has} (" + INSPECT_NL + ")"),
    # what is allowed in a cell
    "number_range": ("a number from {low:g} to {high:g}",
                     "een getal van {low:g} tot en met {high:g}"),
    "whole_range": ("a whole number from {low:g} to {high:g}",
                    "een heel getal van {low:g} tot en met {high:g}"),
    "or_empty": ("{text} or an empty cell", "{text} of een lege cel"),
    "one_of": ("one of {items}", "een van {items}"),
    "not_empty": ("a name or id, not an empty cell", "een naam of id, geen lege cel"),
    "used_once": ("a value used once; it is also on row {row}",
                  "een waarde die één keer voorkomt; ze staat ook op rij {row}"),
    "education": ("practical or theoretical, or a level such as mbo 3, havo, vwo, hbo "
                  "bachelor, wo master, Ad (theoretical = hbo/wo), or " + DRAWN_EN + "; add "
                  "other words to a mapping's [values.education]",
                  "praktisch of theoretisch, of een niveau zoals mbo 3, havo, vwo, hbo "
                  "bachelor, wo master, Ad (theoretisch = hbo/wo), of " + DRAWN_NL + "; andere "
                  "woorden kunnen in [values.education] van een koppeling"),
    "contract": ("permanent or flex, or a Dutch contract type such as onbepaalde tijd "
                 "(permanent), bepaalde tijd, oproepkracht, nul-urencontract (flex), "
                 "uitzendkracht or ZZP (not employees: left out, or flex with --external "
                 "flex); add other words to a mapping's [values.contract]",
                 "vast of flex, of een contractsoort zoals onbepaalde tijd (vast), bepaalde "
                 "tijd, oproepkracht, nul-urencontract (flex), uitzendkracht of zzp (geen "
                 "medewerkers: weggelaten, of flex met --external flex); andere woorden kunnen "
                 "in [values.contract] van een koppeling"),
    "care": ("yes or no (ja, nee, 1, 0), or " + DRAWN_EN,
             "ja of nee (yes, no, 1, 0), of " + DRAWN_NL),
    "fte": ("a number of FTE from {low:g} to {high:g}, such as 0,44 or 1 (a percentage? "
            "divide it by 100), or an empty cell",
            "een aantal FTE van {low:g} tot en met {high:g}, zoals 0,44 of 1 (een percentage? "
            "deel het door 100), of een lege cel"),
    "reserved_team": ("a team name other than {names} (they mean the whole organisation)",
                      "een teamnaam anders dan {names} (die betekenen de hele organisatie)"),
    "birth_date": ("a date of birth ({example})", "een geboortedatum ({example})"),
    "dates_auto": ("31-03-1975 or 1975-03-31", "31-03-1975 of 1975-03-31"),
    "date_format": ("format {format}", "formaat {format}"),
    "birth_date_age": ("a date of birth giving an age from {low} to {high} on {day} (the "
                       "reference date)",
                       "een geboortedatum die op {day} (de peildatum) een leeftijd van {low} "
                       "tot en met {high} geeft"),
    "a_date": ("a date such as 2025-03-31 or 31-03-2025",
               "een datum zoals 2025-03-31 of 31-03-2025"),
    "same_date": ("the same date in every row ({day}, as on row 2)",
                  "dezelfde datum in elke rij ({day}, zoals op rij 2)"),
    "same_value": ("the same value in every row ({value:g}, as on row 2)",
                   "dezelfde waarde in elke rij ({value:g}, zoals op rij 2)"),
    "workforce_id": ("an id of the workforce file", "een id uit het medewerkersbestand"),
    "workforce_team": ("a team of the workforce file ({shown})",
                       "een team uit het medewerkersbestand ({shown})"),
    "team_once": ("a team named once; it is also on row {row}",
                  "een team dat één keer voorkomt; het staat ook op rij {row}"),
    "team_once_as": ("a team named once; it is also on row {row} (as {first!r})",
                     "een team dat één keer voorkomt; het staat ook op rij {row} (als "
                     "{first!r})"),
    "team_clash": ("a name that a spreadsheet does not show as another team's ({other!r} is "
                   "written {written!r} too)",
                   "een naam die een spreadsheet niet toont als die van een ander team "
                   "({other!r} wordt ook {written!r} geschreven)"),
    # several problems of one file
    "row": ("row {row}", "rij {row}"),
    "rows": ("rows {shown}", "rijen {shown}"),
    "rows_more": ("rows {shown} and {more:,} more", "rijen {shown} en nog {more:,}"),
    "cells": ("{rows}, column {column!r}: " + BAD_EN, "{rows}, kolom {column!r}: " + BAD_NL),
    "problems": ("{file}: {count:,} problems; nothing was read (fix them all, then run again):",
                 "{file}: {count:,} problemen; er is niets gelezen (los ze alle op en start "
                 "dan opnieuw):"),
    "problems_rows": ("{file}: {count:,} problems in {rows:,} rows; nothing was read (fix them "
                      "all, then run again):",
                      "{file}: {count:,} problemen in {rows:,} rijen; er is niets gelezen (los "
                      "ze alle op en start dan opnieuw):"),
    "more_in_column": ("  and {count:,} more in column {column!r} ({rows})",
                       "  en nog {count:,} in kolom {column!r} ({rows})"),
    # the workforce file
    "employees": ("has {n:,} employees; expected {low} to {high:,} rows",
                  "heeft {n:,} medewerkers; verwacht: {low} tot en met {high:,} rijen"),
    "too_few_employees": ("{file}: has {kept:,} employees once the {out:,} agency workers and "
                          "ZZP are left out; expected at least {low} (--external flex counts "
                          "them)",
                          "{file}: heeft {kept:,} medewerkers als de {out:,} uitzendkrachten "
                          "en zzp'ers zijn weggelaten; verwacht: ten minste {low} (--external "
                          "flex, of external = \"flex\" in een koppeling, telt ze mee)"),
    # a scan
    "needs_knob": ("{file}: needs a column richting, ruimte or ruggensteun; the file has {has}",
                   "{file}: heeft een kolom richting, ruimte of ruggensteun nodig; het bestand "
                   "heeft {has}"),
    "team_and_id": ("{file}: has both 'team' and 'id'; give one row per team (team) or one row "
                    "per respondent (id)",
                    "{file}: heeft zowel 'team' als 'id'; geef één rij per team (team) of één "
                    "rij per respondent (id)"),
    "scale_max": ("{file}: scale_max = {high:g} is not allowed; expected a number above "
                  "scale_min ({low:g})",
                  "{file}: scale_max = {high:g} is niet toegestaan; toegestaan is een getal "
                  "boven scale_min ({low:g})"),
    "month_missing": ("{file}: column 'month' is missing; a later scan says how many months "
                      "after the first scan it was taken (e.g. 12)",
                      "{file}: kolom 'month' ontbreekt; een latere scan zegt hoeveel maanden "
                      "na de eerste scan hij is afgenomen (bijvoorbeeld 12)"),
    "rows_no_team": ("{file}: has {n} rows but no column 'team'; expected one row for the "
                     "whole organisation, or a column 'team'",
                     "{file}: heeft {n:,} rijen maar geen kolom 'team'; verwacht: één rij voor "
                     "de hele organisatie, of een kolom 'team'"),
    "later_month": ("{file}: month = {month} is not allowed; {run} predicts months {first} to "
                    "{last}{only}{longer}",
                    "{file}: month = {month} is niet toegestaan; {run} voorspelt de maanden "
                    "{first} tot en met {last}{only}{longer}"),
    "this_run": ("this run", "deze run"),
    "only_months": (" (only months {months}: a large organisation)",
                    " (alleen de maanden {months}: een grote organisatie)"),
    "run_longer": ("; run at least {month} months (--months {month})",
                   "; reken ten minste {month} maanden (Maanden: {month})"),
    # notes: what the reading did that the user should know
    "note_recognised": ("{file}: read as an export of {name} (the shipped mapping; give "
                        "--mapping to choose another)",
                        "{file}: gelezen als een export van {name} (de meegeleverde koppeling; "
                        "laad een koppeling om een andere te kiezen)"),
    "note_not_read": ("{file}: columns not read (the mapping {mapping!r} does not name them): "
                      "{columns}",
                      "{file}: kolommen niet gelezen (de koppeling {mapping!r} noemt ze niet): "
                      "{columns}"),
    "note_ages": ("{file}: ages from column {column!r} on {day} ({origin})",
                  "{file}: leeftijden uit kolom {column!r} op {day} ({origin})"),
    "origin_today": ("today; give the first scan a date column, or --reference-date, to fix "
                     "it",
                     "vandaag; geef de eerste scan een kolom date om de dag vast te leggen"),
    "origin_scan": ("the date of the first scan, {file}", "de datum van de eerste scan, {file}"),
    "note_fte": ("{file}: hours a week from column {column!r}: FTE x {hours:g} (hours_per_fte of "
                 "the mapping {mapping!r})",
                 "{file}: uren per week uit kolom {column!r}: FTE x {hours:g} (hours_per_fte "
                 "van de koppeling {mapping!r})"),
    "note_flex": ("{file}: {n:,} agency workers or ZZP ({listed}) counted as flex employees "
                  "(--external flex)",
                  "{file}: {n:,} uitzendkrachten of zzp'ers ({listed}) meegeteld als "
                  "flexmedewerkers (external = \"flex\")"),
    "note_left_out": ("{file}: {n:,} rows left out: agency workers or ZZP ({listed}), who are "
                      "not employees of the organisation (--external flex counts them as flex "
                      "employees)",
                      "{file}: {n:,} rijen weggelaten: uitzendkrachten of zzp'ers ({listed}), "
                      "die geen medewerkers van de organisatie zijn (met external = \"flex\" "
                      "in een koppeling tellen ze mee als flexmedewerkers)"),
    "note_unknown": ("{file}: {what} unknown for {n:,} employees (blank or 'onbekend'): drawn "
                     "as in a drawn organisation ({share})",
                     "{file}: {what} onbekend bij {n:,} medewerkers (leeg of 'onbekend'): "
                     "getrokken zoals in een getrokken organisatie ({share})"),
    "education_word": ("education", "opleiding"),
    "care_word": ("care duties", "zorgtaken"),
    "note_merged": ("{file}: team names {names} differ only in case or Unicode form; taken as "
                    "one team, {first!r} (the first spelling)",
                    "{file}: de teamnamen {names} verschillen alleen in hoofdletters of "
                    "Unicode-vorm; genomen als één team, {first!r} (de eerste schrijfwijze)"),
    "note_spelled": ("{file}: team {name!r} taken as {team!r} of the workforce file",
                     "{file}: team {name!r} genomen als {team!r} uit het medewerkersbestand"),
    # a mapping file
    "toml": ("{file}: not a valid TOML file ({detail}); see docs/own-organisation.md, 'HR "
             "exports'",
             "{file}: geen geldig TOML-bestand{where}; zie docs/own-organisation.md, 'HR "
             "exports'"),
    "toml_where": ("", " (fout op regel {line}, teken {column})"),
    "setting": ("{file}: {key} = {value!r} is not allowed; expected {allowed}",
                "{file}: {key} = {value!r} is niet toegestaan; toegestaan is {allowed}"),
    "top_keys": ("name, description, [settings], [columns], [values.*]",
                 "name, description, [settings], [columns], [values.*]"),
    "full_week": ("hours of a full-time week, 1 to 60",
                  "de uren van een volledige werkweek, 1 tot en met 60"),
    "date_formats": ("'auto' or a format with %d, %m and %Y, e.g. '%d-%m-%Y'",
                     "'auto' of een formaat met %d, %m en %Y, bijvoorbeeld '%d-%m-%Y'"),
    "column_names": ("a column name or a list of column names",
                     "een kolomnaam of een lijst van kolomnamen"),
    "values_table": ("a table [values.education], [values.contract] or [values.care]",
                     "een tabel [values.education], [values.contract] of [values.care]"),
    "a_text": ("a text", "een tekst"),
    "a_table": ("a table [{key}]", "een tabel [{key}]"),
    "mapping_needs": ("{file}: [columns] has no {need!r}; expected the column of {required} "
                      "and one of {ages}",
                      "{file}: [columns] heeft geen {need!r}; verwacht: de kolom van "
                      "{required} en een van {ages}"),
    "mapping_age": ("{file}: [columns] has none of {ages}; expected the column of the age, the "
                    "date of birth or the age band",
                    "{file}: [columns] heeft geen van {ages}; verwacht: de kolom van de "
                    "leeftijd, de geboortedatum of de leeftijdsgroep"),
}
