import { Field, Int, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '../scalars/json.scalar';

@ObjectType('VisitedPage')
export class VisitedPageModel {
  @Field() url!: string;
  @Field() title!: string;
  @Field() at!: string;
}

@ObjectType('WidgetVisitor', {
  description: 'What the website widget knows about the visitor behind a conversation.',
})
export class WidgetVisitorModel {
  @Field(() => VisitedPageModel, { nullable: true }) currentPage!: VisitedPageModel | null;
  @Field(() => [VisitedPageModel], { description: 'Latest first, at most 20.' })
  recentPages!: VisitedPageModel[];
  @Field(() => Int) visits!: number;
  @Field(() => JsonObjectScalar, { description: 'Set by the host page with set_session_variables.' })
  sessionVariables!: Record<string, string>;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field() firstSeenAt!: Date;
  @Field() lastSeenAt!: Date;
}

@ObjectType('WidgetInvitationStats')
export class WidgetInvitationStatsModel {
  @Field() invitationId!: string;
  @Field(() => Int) shown!: number;
  @Field(() => Int) accepted!: number;
}
