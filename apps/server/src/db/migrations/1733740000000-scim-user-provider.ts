import type { MigrationInterface, QueryRunner } from 'typeorm';

// A user's provider is kept once, in users.provider_id (modules/scim/README.md): scim_users keeps only what is SCIM's
// own (external_id, display_name, and that the user is SCIM-managed). A provider's SCIM manages a user when both hold:
// a scim_users row and users.provider_id is that provider.
//
// 1. SCIM users: scim_users.provider_id wins over users.provider_id, and a null one is filled from it. The two differ
//    only after a SCIM takeover of a user who logged in through that provider but came from elsewhere (made in Infra,
//    made by another provider's login, or that other provider since removed). That provider's SCIM has been managing
//    the user since, and is the only thing that can deactivate them when they leave: letting the login's origin win
//    would end that without a word. provider_subject then becomes the `sub` of the user's session with that provider
//    (the takeover required one), else the SCIM externalId, as for a user SCIM creates.
// 2. Users from before 1733710000000, which did not record origin: SCIM may now take over by name only a user whose
//    provider_id is its own, so they are filled from provider_sessions where that is unambiguous: no password (a
//    provider login never sets one), not SCIM-managed, and sessions with exactly one provider (its `sub` as subject).
//    A passwordless user made in Infra who logged in through exactly one provider looks the same and is counted as
//    that provider's. Anyone else stays made in Infra.
// down() restores scim_users.provider_id from users; a link whose user no longer has a provider is invisible to every
// SCIM since this migration, and is dropped. The filled users.provider_id stay (the older code reads them alike).
export class ScimUserProvider1733740000000 implements MigrationInterface {
  name = 'ScimUserProvider1733740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE users u SET provider_id = s.provider_id, provider_subject = coalesce(
        (SELECT p.subject FROM provider_sessions p WHERE p.user_id = u.id AND p.provider_id = s.provider_id),
        s.external_id)
      FROM scim_users s WHERE s.user_id = u.id AND u.provider_id IS DISTINCT FROM s.provider_id`);
    await q.query(`UPDATE users u SET provider_id = one.provider_id, provider_subject = one.subject
      FROM (SELECT user_id, min(provider_id::text)::uuid AS provider_id, min(subject) AS subject
            FROM provider_sessions GROUP BY user_id HAVING count(*) = 1) one
      WHERE one.user_id = u.id AND u.provider_id IS NULL AND u.password_hash IS NULL
        AND NOT EXISTS (SELECT 1 FROM scim_users s WHERE s.user_id = u.id)`);
    await q.query(`ALTER TABLE scim_users DROP COLUMN provider_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scim_users ADD COLUMN provider_id uuid REFERENCES providers (id) ON DELETE CASCADE`);
    await q.query(`UPDATE scim_users s SET provider_id = u.provider_id FROM users u WHERE u.id = s.user_id`);
    await q.query(`DELETE FROM scim_users WHERE provider_id IS NULL`);
    await q.query(`ALTER TABLE scim_users ALTER COLUMN provider_id SET NOT NULL`);
    await q.query(`CREATE INDEX scim_users_provider ON scim_users (provider_id)`);
  }
}
