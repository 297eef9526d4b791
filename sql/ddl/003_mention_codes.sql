-- PLOVER mode and the office holder behind an actor ("الرئيس الفرنسي" in 2015 = Hollande).
alter table mentions add column if not exists plover_mode varchar;   -- visit | military | troops | peacekeeping
alter table mentions add column if not exists actor_person varchar;  -- office holder id (lexicons/ar/office_holders.yaml)
