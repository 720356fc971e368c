// mvdan-sh (mvdan/sh's shell parser compiled to JavaScript) ships no types; the tests walk its
// syntax tree through syntax.NodeType, so it is typed loosely here.
declare module 'mvdan-sh' {
  export const syntax: {
    NewParser(): { Parse(source: string, name: string): unknown };
    Walk(node: unknown, visit: (node: any) => boolean): void;
    NodeType(node: unknown): string;
  };
}
