import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeSegment,
  quitConsortiumRequest,
  removeChannelOrgsRequest,
} from '../../../lib/bcs/requests.ts';
import { quitConsortium } from '../../../lib/operations/quit-consortium.ts';
import { removeChannelOrgs } from '../../../lib/operations/remove-channel-orgs.ts';
import { validate } from '../../../lib/schemas/validate.ts';
import { QUIT_BODY_FIELDS, validOrgNames, validQuitBody } from '../../helpers/operation-inputs.ts';

/**
 * Well-formed strings of every kind (ASCII, graphemes of every script, astral code points)
 * that can be a path segment: not empty, not a dot segment (encodeSegment refuses those).
 */
const wellFormed = fc
  .oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }))
  .filter((s) => s !== '' && s !== '.' && s !== '..');

/** Any sequence of UTF-16 code units, lone surrogates included. */
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 20,
});

const ENCODED = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/;

describe('BCS request properties', () => {
  it('encodeSegment is undone by decodeURIComponent for any well-formed string', () => {
    fc.assert(
      fc.property(wellFormed, (segment) => {
        // Prepare
        const input = segment;

        // Act
        const encoded = encodeSegment(input);

        // Assess
        expect(decodeURIComponent(encoded)).toBe(input);
      }),
    );
  });

  it('encodeSegment writes only unreserved characters and %XX escapes', () => {
    fc.assert(
      fc.property(wellFormed, (segment) => {
        // Prepare
        const input = segment;

        // Act
        const encoded = encodeSegment(input);

        // Assess
        expect(encoded).toMatch(/^[A-Za-z0-9\-._~%]*$/);
        expect(encoded).toMatch(ENCODED);
      }),
    );
  });

  it('every path segment stays one segment: the path always has its fixed shape', () => {
    fc.assert(
      fc.property(wellFormed, wellFormed, wellFormed, (projectId, blockchainId, channelId) => {
        // Prepare
        const path = { project_id: projectId, blockchain_id: blockchainId, channel_id: channelId };

        // Act
        const request = removeChannelOrgsRequest({ path, body: { org_names: ['org1'] } });

        // Assess
        const segments = request.path.split('/').map(decodeURIComponent);
        expect(segments).toEqual([
          '',
          'v2',
          projectId,
          'blockchains',
          blockchainId,
          channelId,
          'orgs',
          'quit',
        ]);
      }),
    );
  });

  it('the quit-consortium body is the eight fields of the input, in order, and nothing else', () => {
    fc.assert(
      fc.property(validQuitBody(), wellFormed, (body, projectId) => {
        // Prepare
        const input = { path: { project_id: projectId }, body: { ...body, surplus: 'x' } };

        // Act
        const request = quitConsortiumRequest(input);

        // Assess
        const sent = JSON.parse(request.body) as Record<string, unknown>;
        expect(Object.keys(sent)).toEqual([...QUIT_BODY_FIELDS]);
        expect(sent).toEqual(body);
      }),
    );
  });

  it('the remove-channel-orgs body is exactly the org names, in order', () => {
    fc.assert(
      fc.property(validOrgNames(), (orgNames) => {
        // Prepare
        const path = { project_id: 'p', blockchain_id: 'b', channel_id: 'c' };

        // Act
        const request = removeChannelOrgsRequest({ path, body: { org_names: orgNames } });

        // Assess
        expect(JSON.parse(request.body)).toEqual({ org_names: orgNames });
      }),
    );
  });

  it('builds a remove-channel-orgs request for every path the schema accepts, whatever code units it holds', () => {
    fc.assert(
      fc.property(codeUnits, codeUnits, codeUnits, (projectId, blockchainId, channelId) => {
        // Prepare
        const raw = {
          path: { project_id: projectId, blockchain_id: blockchainId, channel_id: channelId },
          body: { org_names: ['org1'] },
        };
        let accepted: Parameters<typeof removeChannelOrgs.toBcsRequest>[0];
        try {
          accepted = validate(removeChannelOrgs.schema, raw);
        } catch {
          return; // refused: nothing to build
        }

        // Act
        const request = removeChannelOrgs.toBcsRequest(accepted);

        // Assess
        expect(request.path).toMatch(/^\/v2\/[^/]+\/blockchains\/[^/]+\/[^/]+\/orgs\/quit$/);
      }),
    );
  });

  it('builds a quit-consortium request for every project id the schema accepts', () => {
    fc.assert(
      fc.property(codeUnits, validQuitBody(), (projectId, body) => {
        // Prepare
        let accepted: Parameters<typeof quitConsortium.toBcsRequest>[0];
        try {
          accepted = validate(quitConsortium.schema, { path: { project_id: projectId }, body });
        } catch {
          return;
        }

        // Act
        const request = quitConsortium.toBcsRequest(accepted);

        // Assess
        expect(request.path.startsWith('/v2/')).toBe(true);
      }),
    );
  });
});
