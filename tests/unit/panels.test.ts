import { describe, expect, it } from 'vitest';
import { isPanelOpen, narrowWindowWidth, panelChoicesKey, parsePanelChoices } from '@/lib/layout/panels';
import { useUi } from '@/lib/store/ui';
import { memoryStorage } from '../support/storage';

describe('side panels', () => {
  it('fold by default below the narrow width, and stay open at it and above', () => {
    expect(isPanelOpen('palette', {}, 1024)).toBe(false);
    expect(isPanelOpen('inspector', {}, narrowWindowWidth - 1)).toBe(false);
    expect(isPanelOpen('palette', {}, narrowWindowWidth)).toBe(true);
    expect(isPanelOpen('inspector', {}, 1440)).toBe(true);
  });

  it('are open before the window is measured, as the server renders them', () => {
    expect(isPanelOpen('palette', {}, null)).toBe(true);
  });

  it("follow a person's choice whatever the width", () => {
    expect(isPanelOpen('palette', { palette: true }, 1024)).toBe(true);
    expect(isPanelOpen('inspector', { inspector: false }, 1920)).toBe(false);
    expect(isPanelOpen('inspector', { palette: false }, 1920)).toBe(true);
  });

  it('read stored choices, ignoring what is not a choice', () => {
    expect(parsePanelChoices('{"palette":true,"inspector":false}')).toEqual({ palette: true, inspector: false });
    expect(parsePanelChoices('{"palette":"yes","other":true}')).toEqual({});
    expect(parsePanelChoices('not json')).toEqual({});
    expect(parsePanelChoices('null')).toEqual({});
    expect(parsePanelChoices(null)).toEqual({});
  });
});

describe('the remembered panel choices', () => {
  it('are stored when a panel is folded or unfolded, and read back on the next visit', () => {
    const storage = memoryStorage();
    useUi.getState().setWindowWidth(1024);
    useUi.getState().setPanelOpen('palette', true, storage);
    useUi.getState().setPanelOpen('inspector', false, storage);
    expect(JSON.parse(storage.getItem(panelChoicesKey)!)).toEqual({ palette: true, inspector: false });

    useUi.setState({ panelChoices: {} });
    useUi.getState().restorePanelChoices(storage);
    const { panelChoices, windowWidth } = useUi.getState();
    expect(isPanelOpen('palette', panelChoices, windowWidth)).toBe(true);
    expect(isPanelOpen('inspector', panelChoices, windowWidth)).toBe(false);
  });
});
