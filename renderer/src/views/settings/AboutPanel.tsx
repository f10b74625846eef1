// Version, licences and where to read more. Links are https to hosts the desktop shell opens in the
// system browser (Facebook, HubSpot, GitHub, adloop.app); anything else it refuses.
import { useEngineQuery } from '../../engine/queries';

export const ABOUT_LINKS = [
  { href: 'https://adloop.app', label: 'adloop.app' },
  { href: 'https://developers.facebook.com/docs/marketing-api/', label: 'Meta Marketing API documentation' },
  { href: 'https://developers.hubspot.com/docs/api/private-apps', label: 'HubSpot private apps (tokens)' },
] as const;

export function AboutPanel() {
  const info = useEngineQuery('engine.info', {});
  return (
    <section className="panel settings-panel" aria-labelledby="settings-about-title" id="settings-about">
      <h2 id="settings-about-title" tabIndex={-1}>About Adloop</h2>
      <p data-testid="about-version">Version {info.data?.version ?? '…'}</p>
      <p className="help">
        Adloop keeps every number on this computer. It is built on open-source software, among others PGlite (Apache-2.0), pgvector (PostgreSQL License), Electron, React,
        TanStack Query, recharts and zod (MIT); their licence texts ship with the app.
      </p>
      <ul className="links">
        {ABOUT_LINKS.map((l) => (
          <li key={l.href}>
            <a href={l.href} target="_blank" rel="noreferrer noopener">
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
