import type { PropValue, XmlElement, XmlValue } from '../types';
import type { XmlName } from './xml-names';

type Item = XmlElement | string;

/** One open element while its content is read. */
interface Frame {
  element: XmlElement;
  items: Item[] | undefined;
  text: string;
  hasElement: boolean;
}

/** Whether a string holds only XML whitespace (XML 1.0 §2.3 S: space, tab, CR, LF). */
export function isXmlWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/**
 * Children by the model's conventions: adjacent text is one string; when there is any element,
 * whitespace-only text between elements is dropped (it is pretty-printing) and other text kept exactly.
 */
function finishItems(items: Item[] | undefined, text: string, hasElement: boolean): Item[] | undefined {
  if (!hasElement) return text === '' ? undefined : [text];
  if (text !== '') (items as Item[]).push(text);
  const out = (items as Item[]).filter((item) => typeof item !== 'string' || !isXmlWhitespace(item));
  return out;
}

/**
 * Builds the content of one element (a property, `<D:error>`) as plain `XmlElement` data from reader
 * events. Text-only content, the common case, allocates nothing but the string.
 */
export class ContentBuilder {
  /** Open elements below the one whose content is built; 0 when events are at its own level. */
  depth = 0;
  private rootItems: Item[] | undefined;
  private rootText = '';
  private rootHasElement = false;
  private readonly stack: Frame[] = [];

  /** Starts a new value. */
  reset(): void {
    this.depth = 0;
    this.rootItems = undefined;
    this.rootText = '';
    this.rootHasElement = false;
    if (this.stack.length !== 0) this.stack.length = 0;
  }

  open(name: XmlName, attrs: Record<string, string> | undefined): void {
    const element: XmlElement = attrs === undefined ? { name: name.clark } : { name: name.clark, attrs };
    this.push(element);
    this.stack.push({ element, items: undefined, text: '', hasElement: false });
    this.depth++;
  }

  text(text: string): void {
    if (this.depth === 0) this.rootText += text;
    else (this.stack[this.stack.length - 1] as Frame).text += text;
  }

  close(): void {
    const frame = this.stack.pop() as Frame;
    this.depth--;
    const children = finishItems(frame.items, frame.text, frame.hasElement);
    if (children !== undefined && children.length > 0) frame.element.children = children;
  }

  /**
   * The content as a property value: `null` when empty, the text when there is only text, the element when
   * there is one element and no other text, an array otherwise.
   */
  value(): PropValue {
    if (!this.rootHasElement) return this.rootText === '' ? null : this.rootText;
    const items = finishItems(this.rootItems, this.rootText, true) as Item[];
    return items.length === 1 && typeof items[0] !== 'string' ? (items[0] as XmlElement) : items;
  }

  /** The content as XML content (`<D:error>`): undefined when empty. */
  xml(): XmlValue | undefined {
    const value = this.value();
    if (value === null) return undefined;
    return typeof value === 'string' ? [value] : (value as XmlValue);
  }

  private push(element: XmlElement): void {
    if (this.depth === 0) {
      if (this.rootItems === undefined) this.rootItems = [];
      if (this.rootText !== '') {
        this.rootItems.push(this.rootText);
        this.rootText = '';
      }
      this.rootItems.push(element);
      this.rootHasElement = true;
      return;
    }
    const parent = this.stack[this.stack.length - 1] as Frame;
    if (parent.items === undefined) parent.items = [];
    if (parent.text !== '') {
      parent.items.push(parent.text);
      parent.text = '';
    }
    parent.items.push(element);
    parent.hasElement = true;
  }
}
